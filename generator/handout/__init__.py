"""Observation-meeting handouts: a meeting → print HTML (templates/) → an A4 PDF booklet.

booklet lays out the meeting's stops, route and QR codes in one WeasyPrint layout; abridge fits a
brand's report to the space a stop has; words cuts titles so lines break between words; stopsize
estimates each stop's size so fitting (the page-filling rule) can choose its setting before the layout.
"""
