"""Promotion outputs: canonical addresses, QR codes, RSS and JSON feeds.

All of them need the site's public address (网址 in site.yml); without it the build goes
on and says once what was skipped. Only public records are ever promoted, even in a
preview build.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import posixpath
from email.utils import format_datetime
from xml.etree import ElementTree as ET

from ..model import records as r
from .addresses import page_of, page_url, qr_of
from .drawing import Task
from .view import View, public_activity, summary


FEED_ITEMS = 50
SKIPPED_WITHOUT_ADDRESS = "二维码、RSS/JSON 订阅、站点地图和分享链接里的图片地址"
_CHINA = dt.timezone(dt.timedelta(hours=8))


def promoted(view: View) -> list[r.Brand | r.Case | r.Activity]:
    """Public records for the feeds, newest first by 认定日期 / 发布日期 / 日期."""
    cat = view.catalogue
    items = [b for b in view.brands if b.approved] + [c for c in view.cases if c.published]
    items += [a for a in view.activities if public_activity(a, cat)]
    return sorted(items, key=lambda x: (_date(x), x.id), reverse=True)


def with_qr_code(view: View) -> list:
    """Every public record page: the feeds' records, running alliances, published campaigns."""
    return promoted(view) + [a for a in view.alliances if a.running] + [c for c in view.campaigns if c.published]


def _date(item: r.Brand | r.Case | r.Activity) -> dt.date:
    if isinstance(item, r.Activity):
        return item.date
    return item.approved_on if isinstance(item, r.Brand) else item.published_on


def _category(item: r.Brand | r.Case | r.Activity) -> str:
    return "党建特色品牌" if isinstance(item, r.Brand) else "工作案例" if isinstance(item, r.Case) else "工作动态"


QR_FILES = "qr2"  # in the cache key: bump when the files' bytes change, so old ones are redrawn


def qr_tasks(view: View) -> list[Task]:
    """An SVG and a PNG QR code per public brand and case page, for screens and posters;
    made beside the build (drawing.py). None without an address."""
    site_url = view.catalogue.site.url
    if not site_url:
        return []
    site_url = site_url.rstrip("/") + "/"
    found = []
    for item in with_qr_code(view):
        url = page_url(site_url, page_of(item))
        found.append(Task((qr_of(item, "svg"), qr_of(item, "png")), f"{QR_FILES}|{url}", _qr, url))
    return found


def _qr(url: str) -> tuple[bytes, bytes]:
    from .qrdraw import qr_files  # on the first drawing: segno and numpy load only when there is one

    return qr_files(url)


def _title(item: r.Brand | r.Case | r.Activity, view: View) -> str:
    if isinstance(item, r.Brand):
        unit = view.catalogue.units[item.unit_id].name
        return f"{item.name}（{unit}，{item.batch_name}党建特色品牌）"
    return item.title


def _published(item: r.Brand | r.Case | r.Activity) -> dt.datetime:
    return dt.datetime.combine(_date(item), dt.time(9, 0), tzinfo=_CHINA)


def rss(view: View, site_url: str) -> str:
    site = view.catalogue.site
    root = ET.Element("rss", version="2.0", attrib={"xmlns:atom": "http://www.w3.org/2005/Atom"})
    channel = ET.SubElement(root, "channel")
    ET.SubElement(channel, "title").text = site.name
    ET.SubElement(channel, "link").text = site_url
    ET.SubElement(channel, "description").text = f"{site.organiser}：新认定的党建特色品牌、新发布的工作案例和工作动态"
    ET.SubElement(channel, "language").text = "zh-CN"
    ET.SubElement(channel, "atom:link", href=posixpath.join(site_url, "rss.xml"), rel="self",
                  type="application/rss+xml")
    items = promoted(view)[:FEED_ITEMS]
    if items:
        ET.SubElement(channel, "lastBuildDate").text = format_datetime(_published(items[0]))
    for item in items:
        link = page_url(site_url, page_of(item))
        entry = ET.SubElement(channel, "item")
        ET.SubElement(entry, "title").text = _title(item, view)
        ET.SubElement(entry, "link").text = link
        ET.SubElement(entry, "guid", isPermaLink="true").text = link
        ET.SubElement(entry, "pubDate").text = format_datetime(_published(item))
        ET.SubElement(entry, "description").text = html.escape(summary(item))  # readers take it as HTML
        ET.SubElement(entry, "category").text = _category(item)
        for tag in item.tags:
            ET.SubElement(entry, "category").text = tag
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def json_feed(view: View, site_url: str) -> str:
    site = view.catalogue.site
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": site.name,
        "home_page_url": site_url,
        "feed_url": posixpath.join(site_url, "feed.json"),
        "description": f"{site.organiser}：新认定的党建特色品牌、新发布的工作案例和工作动态",
        "language": "zh-CN",
        "items": [
            {
                "id": page_url(site_url, page_of(item)),
                "url": page_url(site_url, page_of(item)),
                "title": _title(item, view),
                "content_text": summary(item),
                "date_published": _published(item).isoformat(),
                "tags": [_category(item), *item.tags],
            }
            for item in promoted(view)[:FEED_ITEMS]
        ],
    }
    return json.dumps(feed, ensure_ascii=False, indent=2) + "\n"


def promotion_files(view: View) -> dict[str, bytes | str]:
    """The feeds, by docs path; none without an address."""
    site_url = view.catalogue.site.url
    if not site_url:
        return {}
    site_url = site_url.rstrip("/") + "/"
    files: dict[str, bytes | str] = {}
    files["rss.xml"] = rss(view, site_url)
    files["feed.json"] = json_feed(view, site_url)
    return files
