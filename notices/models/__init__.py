from .calendar import HolidayDate, HolidayYear
from .pages import CalculatorPage

__all__ = ["CalculatorPage", "HolidayDate", "HolidayYear"]
