"""Static files of the embeddable timeline widget (widget.js, widget.css, demo.html), package data."""
