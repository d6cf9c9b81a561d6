"""Django-free helpers: Chinese dates, numerals."""
