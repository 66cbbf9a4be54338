import datetime

from django.db import migrations

COUNTIES = [
    ("榆次区", "yuci"),
    ("太谷区", "taigu"),
    ("介休市", "jiexiu"),
    ("祁县", "qixian"),
    ("平遥县", "pingyao"),
    ("灵石县", "lingshi"),
    ("寿阳县", "shouyang"),
    ("昔阳县", "xiyang"),
    ("和顺县", "heshun"),
    ("左权县", "zuoquan"),
    ("榆社县", "yushe"),
    ("晋中开发区", "kaifaqu"),
]

POLICY_2022 = {
    "title": "市级人力资源服务产业园管理办法（试行）",
    "doc_no": "",
    "effective_from": datetime.date(2022, 12, 1),
    "effective_to": datetime.date(2024, 11, 30),
}


def seed(apps, schema_editor):
    County = apps.get_model("parkregistry", "County")
    PolicyVersion = apps.get_model("parkregistry", "PolicyVersion")
    for order, (name, code) in enumerate(COUNTIES):
        County.objects.get_or_create(name=name, defaults={"code": code, "sort_order": order})
    if not PolicyVersion.objects.filter(effective_from=POLICY_2022["effective_from"]).exists():
        # Every threshold takes the model default, which is the 2022 trial text.
        PolicyVersion.objects.create(**POLICY_2022)


def unseed(apps, schema_editor):
    apps.get_model("parkregistry", "PolicyVersion").objects.filter(
        effective_from=POLICY_2022["effective_from"]
    ).delete()
    apps.get_model("parkregistry", "County").objects.filter(
        name__in=[n for n, _ in COUNTIES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("parkregistry", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
