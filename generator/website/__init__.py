"""The website as Markdown and files: a checked catalogue → the pages of one build.

pages (+ pages_alliances) plan every page → render writes Markdown through templates/ (markup
turns typed text into Markdown) → write puts only what changed on disk; addresses names every
page, QR code and card; search, promote (feeds, QR codes), cards and images make the files
beside the pages, drawing makes cards and QR codes on the spare core, pagecache reuses pages.
"""
