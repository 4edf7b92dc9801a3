"""The pages of alliances, activities and campaigns: the alliance list and a page per
alliance, the activity feed (工作动态, newest first, paged) and a page per activity, the
campaign list and a page per campaign with its progress; and what the home page shows
of them. Like pages.plan, everything a template shows is decided here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..model import records as r
from ..model.progress import CampaignProgress, progress_of
from .addresses import page_of
from .view import Page, View, public_activity, share_of

ACTIVITIES_PER_PAGE = 20
NEWEST_ACTIVITIES_ON_HOME = 5


@dataclass
class Member:
    unit: r.Unit
    lead: bool


@dataclass
class AllianceView:
    alliance: r.Alliance
    members: list[Member]
    joint_work: list[r.JointWork]  # in the order of the 六联
    activities: list[r.Activity]

    @property
    def lead(self) -> r.Unit:
        return self.members[0].unit  # the lead unit is listed first


@dataclass
class FeedPage:
    """One page of the activity feed."""

    number: int
    activities: list[r.Activity]
    path: str


def alliance_view(alliance: r.Alliance, view: View) -> AllianceView:
    units = view.catalogue.units
    members = [Member(units[u], u == alliance.lead_unit_id) for u in dict.fromkeys(alliance.member_ids)]
    members.sort(key=lambda m: not m.lead)
    order = {heading: i for i, heading in enumerate(r.JOINT_HEADINGS)}
    joint = sorted(alliance.joint_work, key=lambda w: order[w.heading])
    return AllianceView(alliance, members, joint, [a for a in view.activities if a.alliance_id == alliance.id])


def feed_pages(activities: list[r.Activity]) -> list[FeedPage]:
    count = max(1, math.ceil(len(activities) / ACTIVITIES_PER_PAGE))
    return [FeedPage(n, activities[(n - 1) * ACTIVITIES_PER_PAGE:n * ACTIVITIES_PER_PAGE],
                     "activities/index.md" if n == 1 else f"activities/page/{n}.md")
            for n in range(1, count + 1)]


def campaign_progress(campaign: r.Campaign, view: View) -> CampaignProgress:
    """Counted values come from public records, even in a preview build."""
    cat = view.catalogue
    public = [a for a in cat.activities.values() if public_activity(a, cat)]
    return progress_of(campaign, cat, public, view.activities)


def current_campaign(view: View) -> r.Campaign | None:
    """The newest published campaign (the public one, even in a preview build)."""
    return next((c for c in view.campaigns if c.published), None)


def home_work(view: View) -> dict:
    campaign = current_campaign(view)
    return {"newest_activities": view.activities[:NEWEST_ACTIVITIES_ON_HOME],
            "campaign": campaign_progress(campaign, view) if campaign else None}


def work_pages(view: View, has_address: bool) -> list[Page]:
    """Only kinds the content folder has get pages (and nav entries, engine.py)."""
    cat = view.catalogue
    pages = []
    if view.alliances:
        pages.append(Page("alliances/index.md", "alliances.md.j2", {"entries": [alliance_view(a, view) for a in view.alliances]}))
    for alliance in view.alliances:
        pages.append(Page(page_of(alliance), "alliance.md.j2", {
            "entry": alliance_view(alliance, view), "public": alliance.running,
            **share_of(alliance, alliance.running and has_address),
        }))
    feed = feed_pages(view.activities) if view.activities else []
    for feed_page in feed:
        pages.append(Page(feed_page.path, "activities.md.j2", {"page": feed_page, "pages": feed}))
    shown_alliances = {a.id: a for a in view.alliances}
    shown_brands = {b.id: b for b in view.brands}
    shown_campaigns = {c.id: c for c in view.campaigns}
    shown_units = {u.unit.id for u in view.units}
    for activity in view.activities:
        public = public_activity(activity, cat)
        pages.append(Page(page_of(activity), "activity.md.j2", {
            "activity": activity, "public": public,
            "organiser": cat.units.get(activity.unit_id) if activity.unit_id else None,
            "alliance": shown_alliances.get(activity.alliance_id), "brand": shown_brands.get(activity.brand_id),
            "campaign": shown_campaigns.get(activity.campaign_id),
            "participants": [cat.units[u] for u in activity.participant_ids if u in shown_units],
            **share_of(activity, public and has_address),
        }))
    if view.campaigns:
        pages.append(Page("campaigns/index.md", "campaigns.md.j2", {
            "entries": [campaign_progress(c, view) for c in view.campaigns]}))
    for campaign in view.campaigns:
        pages.append(Page(page_of(campaign), "campaign.md.j2", {
            "entry": campaign_progress(campaign, view), "public": campaign.published,
            **share_of(campaign, campaign.published and has_address),
        }))
    return pages
