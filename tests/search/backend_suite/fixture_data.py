"""Builds the data modelsearch's ``BackendTests`` expect from their ``search`` fixture
(the fixture file is not shipped in the wheel).  The values are what the suite's own
assertions refer to: authors, books (novels and programming guides), characters,
unindexed books and meetings."""
import datetime

AUTHORS = {
    1: ("George R.R. Martin", "1948-09-20"), 2: ("J. R. R. Tolkien", "1892-01-03"),
    4: ("Isaac Asimov", "1920-01-02"), 5: ("David Ascher", None), 6: ("Mark Lutz", None),
    7: ("Daniel Roy Greenfeld", None), 8: ("Audrey Roy Greenfeld", None), 9: ("Douglas Crockford", None),
    10: ("David Flanagan", None), 11: ("Steve Klabnik", None), 12: ("Carol Nichols", None),
    13: ("Jim Blandy", None), 14: ("Jason Orendorff", None),
}
# pk: (title, author pks, publication date, pages, kind, extra)
BOOKS = {
    1: ("A Game of Thrones", [1], "1996-08-01", 694, "novel", "Westeros"),
    2: ("A Clash of Kings", [1], "1998-01-01", 768, "novel", "Westeros"),
    3: ("A Storm of Swords", [1], "2000-01-01", 973, "novel", "Westeros"),
    4: ("The Fellowship of the Ring", [2], "1954-07-29", 423, "novel", "Middle Earth"),
    5: ("The Two Towers", [2], "1954-11-11", 352, "novel", "Middle Earth"),
    6: ("The Return of the King", [2], "1955-10-20", 440, "novel", "Middle Earth"),
    7: ("The Hobbit", [2], "1937-09-21", 320, "novel", "Middle Earth"),
    10: ("Foundation", [4], "1951-01-01", 255, "novel", "Galactic Empire"),
    11: ("Learning Python", [5, 6], "1999-01-01", 1160, "guide", "py"),
    12: ("Two Scoops of Django 1.11", [7, 8], "2017-04-26", 556, "guide", "py"),
    13: ("JavaScript: The good parts", [9], "2008-05-18", 172, "guide", "js"),
    14: ("JavaScript: The Definitive Guide", [10], "1998-06-11", 792, "guide", "js"),
    15: ("The Rust Programming Language", [11, 12], "2018-05-22", 440, "guide", "rs"),
    16: ("Programming Rust", [13, 14], "2017-12-01", 622, "book", None),
}
UNINDEXED = {1: "A Game of Thrones U", 2: "A Clash of Kings U", 3: "A Storm of Swords U", 4: "The Fellowship of the Ring U"}
CHARACTERS = {
    1: ("Daenerys Targaryen", 1), 2: ("Jon Snow", 1), 3: ("Eddard Stark", 1), 4: ("Daenerys Targaryen", 2),
    5: ("Jon Snow", 2), 6: ("Daenerys Targaryen", 3), 7: ("Jon Snow", 3), 8: ("Frodo Baggins", 4),
    9: ("Bilbo Baggins", 4), 10: ("Gandalf", 4), 11: ("Frodo Baggins", 5), 12: ("Bilbo Baggins", 5),
    13: ("Gandalf", 5), 14: ("Frodo Baggins", 6), 15: ("Bilbo Baggins", 6), 16: ("Gandalf", 6),
    17: ("Bilbo Baggins", 7), 18: ("Thorin Oakenshield", 7), 19: ("Hari Seldon", 10), 20: ("Salvor Hardin", 10),
}
PROTAGONISTS = {4: 8, 5: 11, 6: 14, 7: 17}
MEETINGS = {1: ("Breakfast yoga", "08:00"), 2: ("Stand-up meeting", "10:00"), 3: ("Evening yoga", "19:30")}
# meeting pk: [(agenda topic, [speaker names])] — the suite finds the stand-up by a speaker's name
AGENDA = {2: [("Sprint review", ["Arthur Conan Doyle"])], 1: [("Stretching", ["Mary Shelley"])]}
# the animal trees (materialised path and nested sets): name -> parent name
ANIMALS = [("Animal", None), ("Mammal", "Animal"), ("Dog", "Mammal"), ("Cat", "Mammal"),
           ("Reptile", "Animal"), ("Lizard", "Reptile")]


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def build():
    from modelsearch.test.testapp import models as m

    for pk, (name, born) in AUTHORS.items():
        m.Author.objects.create(pk=pk, name=name, date_of_birth=_date(born))
    for pk, (title, authors, published, pages, kind, extra) in BOOKS.items():
        common = dict(pk=pk, title=title, publication_date=_date(published), number_of_pages=pages)
        if kind == "novel":
            book = m.Novel.objects.create(setting=extra, **common)
        elif kind == "guide":
            book = m.ProgrammingGuide.objects.create(programming_language=extra, **common)
        else:
            book = m.Book.objects.create(**common)
        book.authors.set(authors)
    for pk, title in UNINDEXED.items():
        src = BOOKS[pk]
        m.UnindexedBook.objects.create(pk=pk, title=title, publication_date=_date(src[2]), number_of_pages=src[3])
    for pk, (name, novel) in CHARACTERS.items():
        m.Character.objects.create(pk=pk, name=name, novel_id=novel)
    for novel, character in PROTAGONISTS.items():
        m.Novel.objects.filter(pk=novel).update(protagonist_id=character)
    for pk, (name, start) in MEETINGS.items():
        m.Meeting.objects.create(pk=pk, name=name, start_time=datetime.time.fromisoformat(start))
    for meeting, items in AGENDA.items():
        for topic, speakers in items:
            item = m.AgendaItem.objects.create(meeting_id=meeting, topic=topic)
            for speaker in speakers:
                m.Speaker.objects.create(agenda_item=item, name=speaker)
    for model in (m.MPAnimal, m.NSAnimal):
        nodes = {}
        for name, parent in ANIMALS:
            if parent is None:
                nodes[name] = model.add_root(name=name)
            else:
                nodes[name] = model.objects.get(pk=nodes[parent].pk).add_child(name=name)
