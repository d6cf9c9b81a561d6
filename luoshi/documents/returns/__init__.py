"""Excel returns (报送表): a unit downloads its sheet for a period, fills it in and uploads it; the rows become
draft reports through the reports services, all or nothing.

`layout` fixes where things are on the sheet; `sheet` writes it; `reading` checks the file before anything
opens it (size, zip bomb, macros, password, formulas) and reads it with python-calamine; `checking` checks
the rows against the unit's assignments (pure, no database); `importing` is the service."""
