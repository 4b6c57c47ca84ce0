"""CSL names from author segments in the shapes bibliographies print them."""

from archive.citegraph.names import parse_names


def test_natural_order_with_particles_and_two_authors() -> None:
    assert parse_names("David D. Laitin and Ronald Grigor Suny,") == [
        {"family": "Laitin", "given": "David D."}, {"family": "Suny", "given": "Ronald Grigor"}]
    assert parse_names("Thomas de Waal,") == [{"family": "de Waal", "given": "Thomas"}]


def test_inverted_pairs_keep_initials_with_their_full_stops() -> None:
    assert parse_names("Romero, C., Paunesku, D., & Dweck, C.") == [
        {"family": "Romero", "given": "C."}, {"family": "Paunesku", "given": "D."},
        {"family": "Dweck", "given": "C."}]


def test_first_name_inverted_then_natural_order() -> None:
    assert parse_names("Lee, L. L., W. E. Howard, and R. E. Marsh.") == [
        {"family": "Lee", "given": "L. L."}, {"family": "Howard", "given": "W. E."},
        {"family": "Marsh", "given": "R. E."}]


def test_vancouver_family_then_initials() -> None:
    assert parse_names("Pérez-Higueras JJ, Arias A, de la Macorra JC.") == [
        {"family": "Pérez-Higueras", "given": "JJ"}, {"family": "Arias", "given": "A"},
        {"family": "de la Macorra", "given": "JC"}]


def test_role_words_and_et_al_are_dropped() -> None:
    assert parse_names("Murad Ismayilov and Norman A. Graham, eds,") == [
        {"family": "Ismayilov", "given": "Murad"}, {"family": "Graham", "given": "Norman A."}]
    assert parse_names("In J. Smith (Ed.),") == [{"family": "Smith", "given": "J."}]
    assert parse_names("Doe, J. et al.") == [{"family": "Doe", "given": "J."}]


def test_one_word_is_a_literal_name_and_nothing_is_no_name() -> None:
    assert parse_names("Eurasianet,") == [{"literal": "Eurasianet"}]
    assert parse_names(" , ") == []
