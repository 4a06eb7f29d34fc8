"""Every figure in the Mekong Migration Network's Annual Report 2017 as tidy, sourced tables.

    import mmn_analysis as mmn
    mmn.tables()                 # what is available
    mmn.describe("destinations") # its columns
    df = mmn.load("destinations")
"""
from .api import describe, load, tables

__all__ = ["load", "tables", "describe"]
__version__ = "0.1.0"
