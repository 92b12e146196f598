"""Splitting a whole into parts that add up exactly (largest-remainder method)."""


def largest_remainder(weights, total):
    """Split the integer ``total`` in proportion to the non-negative integer ``weights``.

    Every part first gets the integer part of its exact quota ``total * weight / sum``;
    the units left over go, one each, to the parts with the largest remainders. Equal
    remainders are served in the order of ``weights``, so the caller decides ties by the
    order it passes. The parts always add up to ``total`` (unless every weight is zero:
    then nothing can be distributed and every part is 0).
    """
    weights = list(weights)
    if any(weight < 0 for weight in weights):
        raise ValueError("weights must not be negative")
    if int(total) != total or total < 0:
        raise ValueError("total must be a non-negative integer")
    weight_sum = sum(weights)
    if not weight_sum:
        return [0] * len(weights)
    parts, remainders = [], []
    for weight in weights:
        part, remainder = divmod(total * weight, weight_sum)
        parts.append(part)
        remainders.append(remainder)
    left_over = total - sum(parts)
    by_remainder = sorted(range(len(weights)), key=lambda index: -remainders[index])
    for index in by_remainder[:left_over]:
        parts[index] += 1
    return parts


def percentages(amounts, digits=2):
    """Percentages of ``amounts`` (money, at most 2 decimals) rounded to ``digits``
    decimals that add up to exactly 100 (or are all 0 when every amount is 0)."""
    cents = [int(round(amount * 100)) for amount in amounts]
    scale = 10 ** digits
    return [part / scale for part in largest_remainder(cents, 100 * scale)]
