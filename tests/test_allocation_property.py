"""Properties of the cost allocation (largest remainder method), for random pools.

Pure Python: ``addons/ksm_base/tools/allocation.py`` is loaded by its path, Odoo is
not needed.
"""
import importlib.util
import os
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings, strategies as st

# a shared, loaded machine: judge correctness, not the time one example takes
settings.register_profile("ksm", deadline=None)
settings.load_profile("ksm")

from .odoo_env import ROOT

_spec = importlib.util.spec_from_file_location(
    "ksm_allocation", os.path.join(ROOT, "addons", "ksm_base", "tools", "allocation.py"))
allocation = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(allocation)
allocate = allocation.allocate

# up to 10 million euros, in cents
totals = st.integers(min_value=0, max_value=10 ** 9)
# Träger (keys: partner ids) with their quantities, zero included and frequent
quantities = st.dictionaries(
    st.integers(min_value=1, max_value=10 ** 6),
    st.one_of(st.just(0), st.integers(min_value=0, max_value=20000)),
    min_size=1, max_size=30,
).filter(lambda weights: any(weights.values()))


def exact_share(total, weights, key):
    return Fraction(total) * Fraction(weights[key]) / sum(map(Fraction, weights.values()))


@given(totals, quantities)
def test_the_shares_add_up_to_the_pool_exactly(total, weights):
    shares = allocate(total, weights)
    assert set(shares) == set(weights)
    assert all(isinstance(cents, int) for cents in shares.values())
    assert sum(shares.values()) == total


@given(totals, quantities)
def test_a_traeger_with_zero_quantity_gets_nothing(total, weights):
    shares = allocate(total, weights)
    for key, weight in weights.items():
        if weight == 0:
            assert shares[key] == 0


@given(totals, quantities)
def test_every_share_is_within_one_cent_of_the_exact_share(total, weights):
    shares = allocate(total, weights)
    for key in weights:
        assert abs(shares[key] - exact_share(total, weights, key)) < 1


@given(totals, quantities)
def test_a_larger_quantity_never_gets_less(total, weights):
    shares = allocate(total, weights)
    for one in weights:
        for other in weights:
            if weights[one] < weights[other]:
                assert shares[one] <= shares[other]
            elif weights[one] == weights[other]:
                assert abs(shares[one] - shares[other]) <= 1


@given(totals, quantities)
def test_the_result_does_not_depend_on_the_order_of_the_traeger(total, weights):
    reversed_weights = dict(reversed(list(weights.items())))
    assert allocate(total, weights) == allocate(total, reversed_weights)
    assert allocate(total, weights) == allocate(total, dict(weights))


@given(totals, st.dictionaries(st.integers(1, 1000),
                               st.decimals(min_value=0, max_value=10 ** 6, places=3,
                                           allow_nan=False, allow_infinity=False),
                               min_size=1, max_size=20)
       .filter(lambda weights: any(weights.values())))
def test_decimal_weights_are_exact_too(total, weights):
    shares = allocate(total, weights)
    assert sum(shares.values()) == total
    for key in weights:
        assert abs(shares[key] - exact_share(total, weights, key)) < 1


def test_one_euro_over_three_equal_traeger_gives_the_cent_to_the_smallest_key():
    assert allocate(10000, {7: 1, 3: 1, 5: 1}) == {3: 3334, 5: 3333, 7: 3333}


def test_equal_remainders_go_to_the_larger_weight_first():
    # 2 cents by 1 : 4 : 1 are exactly 1/3, 4/3 and 1/3 cents: whole cents 0, 1, 0;
    # the remainders are all 1/3, the cent left over goes to the largest weight
    assert allocate(2, {1: 1, 2: 4, 3: 1}) == {1: 0, 2: 2, 3: 0}
    assert allocate(2, {1: 4, 2: 1, 3: 1}) == {1: 2, 2: 0, 3: 0}


def test_all_weights_zero_is_refused_unless_there_is_nothing_to_distribute():
    with pytest.raises(ValueError, match="all weights are zero"):
        allocate(100, {1: 0, 2: 0})
    assert allocate(0, {1: 0, 2: 0}) == {1: 0, 2: 0}
    assert allocate(0, {}) == {}


@pytest.mark.parametrize("total, weights, error", [
    (-1, {1: 1}, ValueError),
    (100, {1: -1, 2: 3}, ValueError),
    (100, {1: 1.5}, TypeError),
    (1.0, {1: 1}, TypeError),
    (100, {1: Decimal("NaN")}, ValueError),
])
def test_bad_input_is_refused(total, weights, error):
    with pytest.raises(error):
        allocate(total, weights)
