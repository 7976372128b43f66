"""The self-service finder asks the console finder's questions, and only those that tell."""

from service import catalog
from service.catalog import finder as console_finder
from service.help import finder


def test_it_asks_about_exactly_the_traits_the_console_asks_about():
    assert set(finder.QUESTIONS) == {trait for trait, _ in console_finder.QUESTIONS}


def test_every_phone_is_found_by_some_answers_and_the_questions_stop_there(app):
    devices = catalog.devices()
    for device in devices:
        answers = finder.read({})
        fitting = finder.candidates(devices, answers)
        while (question := finder.next_question(fitting, answers)) is not None:
            if question == finder.SMS:
                value = device.sms_apps[0]
            else:
                value = "yes" if question in device.traits else "no"
            answers = finder.read(answers.query(**{question: value}))
            fitting = finder.candidates(devices, answers)
        assert device in fitting, device.slug
        # What is left cannot be told apart by any question (the same traits and apps).
        assert all(
            set(d.traits) == set(device.traits) and set(d.sms_apps) == set(device.sms_apps)
            for d in fitting
        ), [d.slug for d in fitting]


def test_a_question_every_phone_answers_alike_is_skipped(app):
    devices = [d for d in catalog.devices() if d.family == "iphone"]
    answers = finder.read({})
    assert finder.next_question(devices, answers) == "home_button"  # both show one SMS app
    assert finder.next_question(devices[:1], answers) is None
