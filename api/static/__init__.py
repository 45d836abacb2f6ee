"""Static files of the embeddable timeline widget: widget.css, demo.html and, in widget/, the sources
of widget.js (package data)."""
