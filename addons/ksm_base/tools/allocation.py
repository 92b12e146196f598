"""Exact distribution over weights: the largest remainder method.

KSM works at cost, so the shares of a cost pool must add up to the pool, to the cent,
and the capital shares of the Träger to exactly 100 %. :func:`allocate` distributes a
whole number of units (cents, hundredths of a percent) over weights (confirmed
quantities, capital contributions) by the largest remainder method (Hamilton):

1. every key gets the whole cents of its exact proportional share
   ``total * weight / sum(weights)`` (rounded down);
2. the cents left over (fewer than the number of keys) go one each to the keys with
   the largest fractional parts of their exact shares;
3. equal fractional parts are ordered by the larger weight first, then by the smaller
   key, so the result never depends on the order of the dictionary.

Consequences: the shares add up to the total exactly; every share differs from its
exact proportional share by less than one cent; a key with weight 0 gets 0; a larger
weight never gets less than a smaller one. Arithmetic is exact (integers and
fractions, no floating point).

The module does not import Odoo, so it can be tested on its own.
"""
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from numbers import Integral


def _exact(value, what):
    """``value`` as an exact Fraction; floats and negative numbers are refused."""
    if isinstance(value, bool) or not isinstance(value, (Integral, Decimal)):
        raise TypeError("%s must be an integer or a Decimal, not %r" % (what, value))
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValueError("%s must be a finite number, not %s" % (what, value))
    if value < 0:
        raise ValueError("%s must not be negative (%s)" % (what, value))
    return Fraction(value)


def to_cents(amount, digits=2):
    """A currency amount (a float as Odoo stores it) as whole cents (units of the
    currency's ``digits``-th decimal), rounded half up."""
    units = Decimal(10) ** digits
    return int((Decimal(repr(amount)) * units).quantize(Decimal(1), ROUND_HALF_UP))


def from_cents(cents, digits=2):
    """Whole cents as the float amount Odoo stores."""
    return float(Decimal(cents) / Decimal(10) ** digits)


def allocate(total_cents, weights):
    """Distribute ``total_cents`` over ``weights`` by the largest remainder method.

    :param int total_cents: the amount to distribute, in cents (>= 0)
    :param dict weights: key -> weight (int or Decimal, >= 0); keys must be orderable
        (they break ties)
    :returns: dict key -> cents (int), with the same keys; the values add up to
        ``total_cents``
    :raises ValueError: a negative total or weight, or a positive total while all
        weights are zero (there is nothing to distribute it by)
    :raises TypeError: a total that is not an int, or a weight that is a float
    """
    if isinstance(total_cents, bool) or not isinstance(total_cents, Integral):
        raise TypeError("the total must be a whole number of cents, not %r" % (total_cents,))
    if total_cents < 0:
        raise ValueError("the total must not be negative (%s)" % total_cents)
    exact_weights = {key: _exact(weight, "the weight of %r" % (key,))
                     for key, weight in weights.items()}
    weight_sum = sum(exact_weights.values())
    if not weight_sum:
        if total_cents:
            raise ValueError("%s cents cannot be distributed: all weights are zero"
                             % total_cents)
        return {key: 0 for key in weights}
    shares = {}
    remainders = {}
    for key, weight in exact_weights.items():
        exact_share = total_cents * weight / weight_sum
        shares[key] = exact_share.numerator // exact_share.denominator
        remainders[key] = exact_share - shares[key]
    left_over = total_cents - sum(shares.values())
    ranking = sorted(exact_weights, key=lambda key: (-remainders[key],
                                                     -exact_weights[key], key))
    for key in ranking[:left_over]:
        shares[key] += 1
    return shares


def percentages(amounts, digits=2):
    """Percentages of ``amounts`` (money, at most 2 decimals) rounded to ``digits``
    decimals that add up to exactly 100 (all 0 when every amount is 0); ties as in
    :func:`allocate`, the position in ``amounts`` acting as the key."""
    cents = {index: int(round(Decimal(str(amount)) * 100)) for index, amount in enumerate(amounts)}
    if not any(cents.values()):
        return [0.0] * len(cents)
    scale = 10 ** digits
    shares = allocate(100 * scale, cents)
    return [shares[index] / scale for index in range(len(cents))]
