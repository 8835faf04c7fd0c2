"""Model individuals (先进典型): the index by court, and one page per person."""

from __future__ import annotations

from dataclasses import dataclass

from showcase.core.model import Brand, Court, Person
from showcase.site import crumbs, urls
from showcase.site.context import SiteContext
from showcase.site.page import Crumb, GeneratedPage, PageContext, render_page
from showcase.site.views import Directory, HonorView, directory_of, honor_views


@dataclass(frozen=True)
class PeoplePage(PageContext):
    courts: list[tuple[Court, list[tuple[Person, Brand | None]]]]  # courts with people
    directory: Directory | None  # many courts: the courts by city, in place of their sections
    photos: dict[str, str]  # person id → the photo's link from here; empty without one


@dataclass(frozen=True)
class PersonPage(PageContext):
    person: Person
    court: Court
    brand: Brand | None
    photo: str
    honors: list[HonorView]


def pages(site: SiteContext) -> list[GeneratedPage]:
    c = site.catalog
    result = [_index(site)]
    for person in c.people.values():
        if (skipped := site.left_out(urls.person(person.id))) is not None:
            result.append(skipped)
            continue
        court = c.courts[person.court]
        brand = c.brands.get(person.brand) if person.brand else None
        trail = (crumbs.brand(c, brand) if brand else crumbs.court(c, court)) + [Crumb(person.name, urls.person(person.id))]
        source = site.source("person", person.id)
        frame = site.frame(urls.person(person.id), person.name, trail, [source])
        context = PersonPage(
            frame,
            person=person,
            court=court,
            brand=brand,
            photo=site.pictures.src(frame.here, person.photo),
            honors=honor_views(c, frame.here, c.honors_of(person=person.id)),
        )
        result.append(render_page(context, "person.md.j2", "person", entity=person.id, sources=[source]))
    return result


def _index(site: SiteContext) -> GeneratedPage:
    if (skipped := site.left_out(urls.PEOPLE)) is not None:
        return skipped
    c = site.catalog
    frame = site.frame(urls.PEOPLE, "先进典型", crumbs.section("先进典型", urls.PEOPLE))
    courts = [court for court, _ in c.ordered_courts()]
    directory = directory_of([(court, len(c.people_of_court(court.id))) for court in courts], "位先进典型")
    if directory is not None:
        return render_page(PeoplePage(frame, courts=[], photos={}, directory=directory), "people.md.j2", "people")
    groups = [(court, [(p, c.brands.get(p.brand) if p.brand else None) for p in c.people_of_court(court.id)]) for court in courts]
    photos = {p.id: site.pictures.src(frame.here, p.photo) for p in c.people.values()}
    return render_page(PeoplePage(frame, courts=[g for g in groups if g[1]], photos=photos, directory=None), "people.md.j2", "people")
