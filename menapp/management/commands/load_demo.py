"""Load the demo catalog: categories, two demo accounts and records about famous men. Safe to re-run.

`--count N` tops the catalog up to N records with generated ones, in bulk (COPY on PostgreSQL,
batched bulk_create elsewhere), so a benchmark can fill a million-row table in a minute or two.
"""

import itertools
import sys
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from menapp.cache import everything_changed
from menapp.models import Category, Men
from menapp.services import men_create

CATALOG = {
    "Актеры": [
        ("Леонардо Ди Каприо", "Американский актёр и продюсер, лауреат премии «Оскар» за фильм «Выживший»."),
        ("Брэд Питт", "Американский актёр и продюсер, сыгравший в «Бойцовском клубе» и «Однажды в Голливуде»."),
        ("Том Хэнкс", "Американский актёр, дважды подряд получивший «Оскар»: «Филадельфия» и «Форрест Гамп»."),
        ("Иннокентий Смоктуновский", "Советский актёр театра и кино, Гамлет в фильме Григория Козинцева."),
        ("Олег Янковский", "Советский и российский актёр, «Тот самый Мюнхгаузен» и «Ностальгия»."),
        ("Юрий Никулин", "Советский актёр и клоун, любимец зрителей «Бриллиантовой руки»."),
    ],
    "Певцы": [
        ("Фредди Меркьюри", "Британский певец, вокалист группы Queen, автор «Bohemian Rhapsody»."),
        ("Элвис Пресли", "Американский певец, «король рок-н-ролла»."),
        ("Фрэнк Синатра", "Американский певец и актёр, голос «My Way»."),
        ("Фёдор Шаляпин", "Русский оперный бас, первый народный артист Республики."),
        ("Муслим Магомаев", "Советский оперный и эстрадный певец, баритон."),
        ("Виктор Цой", "Советский рок-музыкант, основатель группы «Кино»."),
    ],
    "Спортсмены": [
        ("Лев Яшин", "Советский футбольный вратарь, единственный вратарь — обладатель «Золотого мяча»."),
        ("Мохаммед Али", "Американский боксёр, трёхкратный чемпион мира в тяжёлом весе."),
        ("Майкл Джордан", "Американский баскетболист, шестикратный чемпион НБА."),
        ("Гарри Каспаров", "Советский и российский шахматист, тринадцатый чемпион мира."),
        ("Александр Карелин", "Советский и российский борец, трёхкратный олимпийский чемпион."),
        ("Усэйн Болт", "Ямайский спринтер, рекордсмен мира на 100 и 200 метров."),
    ],
    "Учёные": [
        ("Альберт Эйнштейн", "Физик-теоретик, создатель специальной и общей теории относительности."),
        ("Дмитрий Менделеев", "Русский химик, открывший периодический закон химических элементов."),
        ("Никола Тесла", "Изобретатель в области электротехники и радиотехники."),
        ("Сергей Королёв", "Советский конструктор ракетно-космической техники."),
    ],
    "Писатели": [
        ("Лев Толстой", "Русский писатель, автор романов «Война и мир» и «Анна Каренина»."),
        ("Фёдор Достоевский", "Русский писатель, автор «Преступления и наказания»."),
        ("Антон Чехов", "Русский писатель и драматург, мастер короткого рассказа."),
    ],
}

DEMO_USERS = (
    # username, email, is_staff
    ("admin", "admin@example.com", True),
    ("author", "author@example.com", False),
)


# Generated records: one in DRAFT_EVERY is a draft, so visibility rules have something to filter.
DRAFT_EVERY = 20
BATCH_SIZE = 5000
PROGRESS_WIDTH = 30


class Command(BaseCommand):
    help = "Load demo categories, records and (in debug only) demo accounts; existing rows are left alone."

    def add_arguments(self, parser):
        parser.add_argument(
            "--count",
            type=int,
            default=0,
            metavar="N",
            help="Top the catalog up to N records with generated ones (never removes any; re-running adds none).",
        )

    def handle(self, *args, count=0, **options):
        if count < 0:
            raise CommandError("--count must be zero or more.")
        self.verbosity = options.get("verbosity", 1)
        with transaction.atomic():
            owner = self.demo_owner()
            categories = []
            created = 0
            # Titles are not unique: users may have written records with a demo title, or edited one.
            # A demo record is added only when no record has its title, so re-running never duplicates.
            titles = [title for records in CATALOG.values() for title, _content in records]
            taken = set(Men.objects.filter(title__in=titles).values_list("title", flat=True))
            for name, records in CATALOG.items():
                category, _ = Category.objects.get_or_create(name=name)
                categories.append(category)
                for title, content in records:
                    if title not in taken:
                        men_create(fields={"title": title, "content": content, "cat": category}, owner=owner)
                        created += 1
        if count:
            created += self.top_up(count, owner, categories)
        self.stdout.write(self.style.SUCCESS(f"Demo data: {created} records added, {Men.objects.count()} in all."))

    def top_up(self, count: int, owner, categories: list[Category]) -> int:
        """Add generated records until there are `count` in all; returns how many were added."""
        with transaction.atomic():
            # One loader at a time: a second concurrent run waits, then finds nothing left to add.
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    # A million-row COPY outlasts DATABASE_STATEMENT_TIMEOUT, which is for requests.
                    cursor.execute("SET LOCAL statement_timeout = 0")
                    cursor.execute("LOCK TABLE menapp_men IN SHARE ROW EXCLUSIVE MODE")
            existing = Men.objects.count()
            missing = count - existing
            if missing <= 0:
                return 0
            rows = generated_records(existing, missing, owner.pk, [c.pk for c in categories])
            load = self.copy_rows if connection.vendor == "postgresql" else self.bulk_create_rows
            for done in load(rows):
                self.progress(done, missing)
            everything_changed()  # one generation for the whole load, not one per row
        self.progress_end()
        return missing

    @staticmethod
    def copy_rows(rows):
        """PostgreSQL: stream the rows through COPY, the fastest bulk path."""
        columns = "title, content, time_create, time_update, is_published, cat_id, user_id, version"
        with connection.cursor() as cursor, cursor.copy(f"COPY menapp_men ({columns}) FROM STDIN") as copy:
            for batch in batched(rows, BATCH_SIZE):
                for row in batch:
                    copy.write_row(row)
                yield len(batch)

    @staticmethod
    def bulk_create_rows(rows):
        """Any other database: bulk_create in batches, keeping the generated timestamps."""
        fields = ("title", "content", "time_create", "time_update", "is_published", "cat_id", "user_id", "version")
        for batch in batched(rows, BATCH_SIZE):
            objects = [Men(**dict(zip(fields, row, strict=True))) for row in batch]
            # auto_now_add stamps these with the current time; only COPY keeps the generated ones.
            Men.objects.bulk_create(objects, batch_size=BATCH_SIZE)
            yield len(batch)

    def progress(self, step: int, total: int):
        self._done = getattr(self, "_done", 0) + step
        if self.verbosity < 1:
            return
        share = self._done / total
        tty = self._is_tty()
        # A terminal gets a bar redrawn in place; a log gets one line per tenth.
        if not tty and int(share * 10) == int((self._done - step) / total * 10) and self._done < total:
            return
        filled = int(PROGRESS_WIDTH * share)
        bar = "#" * filled + "." * (PROGRESS_WIDTH - filled)
        self.stdout.write(f"Loading records [{bar}] {share:4.0%} {self._done}/{total}", ending="\r" if tty else "\n")
        self.stdout.flush()

    def progress_end(self):
        if self.verbosity >= 1 and getattr(self, "_done", 0) and self._is_tty():
            self.stdout.write("")
        self._done = 0

    def _is_tty(self) -> bool:
        stream = getattr(self.stdout, "_out", sys.stdout)
        return hasattr(stream, "isatty") and stream.isatty()

    def demo_owner(self):
        User = get_user_model()
        if not settings.DEBUG:
            # No known passwords outside development: records belong to an account nobody can log in to.
            owner, _ = User.objects.get_or_create(
                username="demo", defaults={"email": "demo@example.com", "password": make_password(None)}
            )
            return owner
        accounts = {}
        for username, email, is_staff in DEMO_USERS:
            user, was_created = User.objects.get_or_create(
                username=username, defaults={"email": email, "is_staff": is_staff, "is_superuser": is_staff}
            )
            if was_created:
                user.set_password(f"{username}-password-123")
                user.save(update_fields=["password"])
                self.stdout.write(f"Demo account: {username} / {username}-password-123")
            accounts[username] = user
        return accounts["author"]


def batched(iterable, size: int):
    iterator = iter(iterable)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def generated_records(start: int, amount: int, user_id: int, category_ids: list[int]):
    """Rows (title, content, time_create, time_update, is_published, cat_id, user_id, version), newest last.

    Record n (counting the catalog's own) is a variation on one of the catalog's entries, so search
    terms match a realistic share of the table; time_create goes back one minute per record.
    """
    entries = [
        (category_ids[index], title, content)
        for index, records in enumerate(CATALOG.values())
        for title, content in records
    ]
    now = timezone.now()
    for n in range(start, start + amount):
        category_id, title, content = entries[n % len(entries)]
        created = now - timedelta(minutes=start + amount - n)
        yield (
            f"{title} №{n}",
            f"{content} Запись №{n}.",
            created,
            created,
            n % DRAFT_EVERY != 0,
            category_id,
            user_id,
            1,
        )
