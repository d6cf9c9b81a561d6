from luoshi.lib.providers import Providers


def test_answers_come_from_every_provider_for_the_ids_asked_only():
    providers = Providers[str]()

    def first(ids):
        return {i: "甲" for i in ids if i % 2} | {99: "不该出现"}

    def second(ids):
        return {3: "乙"}

    providers.register(first)
    providers.register(first)  # an app started twice registers once
    providers.register(second)
    assert providers.answers([1, 2, 3]) == {1: "甲", 3: "乙"}
    assert providers.answers([]) == {}
    providers.unregister(second)
    assert providers.answers(iter([3])) == {3: "甲"}
