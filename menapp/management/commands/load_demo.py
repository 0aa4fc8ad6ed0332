"""Load the demo catalog: categories, two demo accounts and records about famous men. Safe to re-run."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction

from menapp.models import Category, Men

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


class Command(BaseCommand):
    help = "Load demo categories, records and (in debug only) demo accounts; existing rows are left alone."

    @transaction.atomic
    def handle(self, *args, **options):
        owner = self.demo_owner()
        created = 0
        for name, records in CATALOG.items():
            category, _ = Category.objects.get_or_create(name=name)
            for title, content in records:
                _, was_created = Men.objects.get_or_create(
                    title=title, defaults={"content": content, "cat": category, "user": owner}
                )
                created += was_created
        self.stdout.write(self.style.SUCCESS(f"Demo data: {created} records added, {Men.objects.count()} in all."))

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
