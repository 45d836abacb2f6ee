"""Source files of the widget's script (package data); api/routes/widget.py joins them into /widget.js."""
