"""Russian date formats of the admin, over Django's own (django/conf/locale/ru/formats.py).

Django's "j E Y г. G:i" reads «28 ноября 2026 г. 9:48» in every list of the admin; staff read
times in columns, so the time gets its two digits and a comma instead of «г.». Everything not
named here (DATE_FORMAT «28 ноября 2026 г.», the input formats) stays Django's.
"""

DATETIME_FORMAT = "j E Y, H:i"
