"""`newsbrief sites add | list | remove`: the publishers whose pages may show the summary widget."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from newsbrief.cli import extras
from newsbrief.cli.app import Group, handles_errors, main
from newsbrief.config import Settings

if TYPE_CHECKING:
    from newsbrief.storage import Store
    from newsbrief.storage.sites import Publisher

_DATABASE_HELP = "database URL (default: $NEWSBRIEF_DATABASE_URL, else ./newsbrief.db)"


def _open(database_url: str | None) -> Store:
    from newsbrief.storage import open_store

    return open_store(
        Settings.from_env(database_url=database_url).database_url, memory_cache_size=0
    )


@main.group("sites", cls=Group)
@handles_errors
def sites_group() -> None:
    """Publishers whose pages may show the summary widget: a publishable key each, bound to the
    origins their pages are served from and the domains their articles live on."""
    extras.require("site", "newsbrief sites")


@sites_group.command("add")
@click.argument("domains", nargs=-1, required=True, metavar="DOMAIN...")
@click.option(
    "--origin",
    "origins",
    multiple=True,
    metavar="URL",
    help="an origin the site's pages are served from, scheme://host[:port]; repeatable "
    "(default: https://DOMAIN for each domain)",
)
@click.option(
    "--allow-private",
    is_flag=True,
    help="the site is on a private, loopback or link-local address (refused by default)",
)
@click.option("--database-url", help=_DATABASE_HELP)
@handles_errors
def add_command(
    domains: tuple[str, ...],
    origins: tuple[str, ...],
    allow_private: bool,
    database_url: str | None,
) -> None:
    """Register a site whose articles live on DOMAIN (and its subdomains); print its key.

    The key is the output's last line, alone. A running server takes the site up within 30 s.
    """
    from newsbrief.storage.sites import Publishers

    store = _open(database_url)
    try:
        site = Publishers(store.engine).add(domains, origins, allow_private=allow_private)
    finally:
        store.close()
    click.echo(f"added site {site.id}: {' '.join(site.domains)}")
    click.echo(f"origins: {' '.join(site.origins)}")
    if site.allow_private:
        click.echo("private and loopback addresses allowed")
    click.echo("embed it with:")
    click.echo(f'  <script src="https://NEWSBRIEF/embed.js" data-site="{site.key}" defer></script>')
    click.echo("  <newsbrief-summary></newsbrief-summary>")
    click.echo(site.key)


def _line(site: Publisher) -> str:
    added = site.created_at.strftime("%Y-%m-%d")
    private = "\tprivate allowed" if site.allow_private else ""
    return (
        f"{site.id}\t{site.key}\t{' '.join(site.domains)}\t{' '.join(site.origins)}"
        f"\t{site.served} served\t{site.cache_hits} cache hits\tadded {added}{private}"
    )


@sites_group.command("list")
@click.option("--database-url", help=_DATABASE_HELP)
@handles_errors
def list_command(database_url: str | None) -> None:
    """The registered sites: id, key, domains, origins and usage (summaries served, of which
    cache hits). Usage reaches the database within 10 s of the requests."""
    from newsbrief.storage.sites import Publishers

    store = _open(database_url)
    try:
        sites = Publishers(store.engine).all()
    finally:
        store.close()
    if not sites:
        click.echo("no sites yet; add one with: newsbrief sites add DOMAIN --origin URL")
        return
    for site in sites:
        click.echo(_line(site))


@sites_group.command("remove")
@click.argument("site", metavar="KEY|ID")
@click.option("--database-url", help=_DATABASE_HELP)
@handles_errors
def remove_command(site: str, database_url: str | None) -> None:
    """Remove a site: its key stops working (within 30 s in a running server)."""
    from newsbrief.storage.sites import Publishers

    store = _open(database_url)
    try:
        removed = Publishers(store.engine).remove(site)
    finally:
        store.close()
    click.echo(f"removed site {removed.id}: {' '.join(removed.domains)}")


__all__ = ["sites_group"]
