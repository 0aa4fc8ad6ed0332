"""`manage.py prune_history`: bound the records' history (HISTORY_RETENTION_DAYS), keeping what restores them.

Built on django-simple-history's own commands: `clean_duplicate_history` first (a row identical to
the one before it, e.g. a save that changed nothing, goes), then `clean_old_history`'s cut-off, with
one difference: each record's newest row always stays, however old, so a record deleted long ago can
still be restored from the admin ("История" of deleted records). Schedule it daily, e.g. from cron.
"""

from django.conf import settings
from django.core.management import call_command
from django.db.models import Max
from django.utils import timezone
from simple_history.management.commands import clean_old_history


class Command(clean_old_history.Command):
    help = (
        "Delete history rows identical to the previous one and rows older than HISTORY_RETENTION_DAYS, "
        "keeping each record's newest row."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(days=settings.HISTORY_RETENTION_DAYS, auto=True)
        parser.add_argument("--keep-duplicates", action="store_true", help="Skip clean_duplicate_history.")

    def handle(self, *args, **options):
        if not options["keep_duplicates"]:
            duplicates = {"auto": not options["models"], "dry": options["dry"], "verbosity": options["verbosity"]}
            call_command("clean_duplicate_history", *options["models"], **duplicates, stdout=self.stdout)
        super().handle(*args, **options)

    def _process(self, to_process, days_back=None, dry_run=True):
        cut_off = timezone.now() - timezone.timedelta(days=days_back)
        for model, history_model in to_process:
            newest = history_model.objects.order_by().values(model._meta.pk.attname).annotate(newest=Max("history_id"))
            old = history_model.objects.filter(history_date__lt=cut_off).exclude(history_id__in=newest.values("newest"))
            found = old.count()
            self.log(f"{model} has {found} historical entries older than {days_back} days", 2)
            if found and not dry_run:
                old.delete()
            self.log(self.DONE_CLEANING_FOR_MODEL.format(model=model, count=found))
