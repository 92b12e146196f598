import random
import unittest

from ..tools import allocate, from_cents, percentages, to_cents


def split(weights, total):
    """allocate() over a list: the position is the key."""
    shares = allocate(total, dict(enumerate(weights)))
    return [shares[index] for index in range(len(weights))]


class TestLargestRemainder(unittest.TestCase):
    """The allocation behind capital shares (and cost pools): parts add up exactly."""

    def test_parts_add_up_to_the_total(self):
        generator = random.Random(2021)
        for _round in range(200):
            weights = [generator.randint(0, 10 ** 7) for _i in range(generator.randint(1, 12))]
            if not any(weights):
                continue
            parts = split(weights, 10000)
            self.assertEqual(sum(parts), 10000, weights)
            for weight, part in zip(weights, parts):
                exact = 10000 * weight / sum(weights)
                self.assertLess(abs(part - exact), 1, weights)

    def test_largest_remainders_get_the_left_over_units(self):
        # quotas 33.33.. each: one unit left, equal weights: the first key
        self.assertEqual(split([1, 1, 1], 100), [34, 33, 33])
        # quotas 2.5 / 3.5 / 4.0: one unit left, equal remainders: the larger weight
        self.assertEqual(split([25, 35, 40], 10), [2, 4, 4])
        self.assertEqual(split([6, 3, 1], 7), [4, 2, 1])

    def test_edge_cases(self):
        self.assertEqual(split([], 0), [])
        self.assertEqual(split([0, 0], 0), [0, 0])
        self.assertEqual(split([7], 100), [100])
        self.assertEqual(split([0, 5], 100), [0, 100])
        with self.assertRaises(ValueError):
            split([0, 0], 100)  # nothing to distribute it by
        with self.assertRaises(ValueError):
            split([1, -1], 100)
        with self.assertRaises(TypeError):
            split([1, 1], 10.5)

    def test_amounts_to_cents_and_back(self):
        # the float's shortest representation, rounded half up: no binary surprises
        self.assertEqual(to_cents(0.1 + 0.2), 30)
        self.assertEqual(to_cents(2.675), 268)
        self.assertEqual(to_cents(26640.0), 2664000)
        self.assertEqual(to_cents(1.2345, digits=3), 1235)
        self.assertEqual(from_cents(2664001), 26640.01)
        self.assertEqual(from_cents(-5), -0.05)

    def test_percentages_of_amounts(self):
        shares = percentages([30000.0, 20000.0, 500.0])
        self.assertEqual(shares, [59.41, 39.6, 0.99])
        self.assertEqual(sum(round(share * 100) for share in shares), 10000)
        self.assertEqual(percentages([0.01, 0.02]), [33.33, 66.67])
        self.assertEqual(percentages([0.0, 0.0]), [0.0, 0.0])
        self.assertEqual(percentages([]), [])
