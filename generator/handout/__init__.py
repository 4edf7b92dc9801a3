"""Observation-meeting handouts: a meeting → print HTML (templates/) → an A4 PDF booklet.

booklet lays out the meeting's stops, route and QR codes; abridge fits a brand's report to the
space a stop has.
"""
