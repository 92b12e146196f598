import random
import unittest

from ..tools import largest_remainder, percentages


class TestLargestRemainder(unittest.TestCase):
    """The allocation behind capital shares: parts add up exactly, ties by order."""

    def test_parts_add_up_to_the_total(self):
        generator = random.Random(2021)
        for _round in range(200):
            weights = [generator.randint(0, 10 ** 7) for _i in range(generator.randint(1, 12))]
            if not any(weights):
                continue
            parts = largest_remainder(weights, 10000)
            self.assertEqual(sum(parts), 10000, weights)
            for weight, part in zip(weights, parts):
                exact = 10000 * weight / sum(weights)
                self.assertLess(abs(part - exact), 1, weights)

    def test_largest_remainders_get_the_left_over_units(self):
        # quotas 33.33.. each: one unit left, goes to the first of equal remainders
        self.assertEqual(largest_remainder([1, 1, 1], 100), [34, 33, 33])
        # quotas 2.5 / 3.5 / 4.0: one unit left, the first of the equal remainders
        self.assertEqual(largest_remainder([25, 35, 40], 10), [3, 3, 4])
        self.assertEqual(largest_remainder([6, 3, 1], 7), [4, 2, 1])

    def test_edge_cases(self):
        self.assertEqual(largest_remainder([], 100), [])
        self.assertEqual(largest_remainder([0, 0], 100), [0, 0])
        self.assertEqual(largest_remainder([7], 100), [100])
        self.assertEqual(largest_remainder([0, 5], 100), [0, 100])
        with self.assertRaises(ValueError):
            largest_remainder([1, -1], 100)
        with self.assertRaises(ValueError):
            largest_remainder([1, 1], 10.5)

    def test_percentages_of_amounts(self):
        shares = percentages([30000.0, 20000.0, 500.0])
        self.assertEqual(shares, [59.41, 39.6, 0.99])
        self.assertEqual(sum(round(share * 100) for share in shares), 10000)
        self.assertEqual(percentages([0.01, 0.02]), [33.33, 66.67])
        self.assertEqual(percentages([]), [])
