namespace Certsweep.Grains.Sweeps.Search;

/// <summary>
/// The standard normal distribution's density and probabilities, for the Parzen estimators' truncated kernels.
/// Probabilities of intervals in one tail are computed from the complementary error function of that tail, so
/// small masses far from the mean keep their relative precision.
/// </summary>
public static class StandardNormal
{
    private static readonly double LogSqrtTwoPi = 0.5 * Math.Log(2 * Math.PI);

    public static double LogDensity(double z) => -0.5 * z * z - LogSqrtTwoPi;

    /// <summary>P(a &lt; Z &lt; b) for a &lt;= b.</summary>
    public static double Mass(double a, double b)
    {
        if (a >= 0)
        {
            return 0.5 * (Erfc(a / Math.Sqrt(2)) - Erfc(b / Math.Sqrt(2)));
        }

        if (b <= 0)
        {
            return 0.5 * (Erfc(-b / Math.Sqrt(2)) - Erfc(-a / Math.Sqrt(2)));
        }

        return 1 - 0.5 * (Erfc(-a / Math.Sqrt(2)) + Erfc(b / Math.Sqrt(2)));
    }

    /// <summary>The complementary error function: the Maclaurin series of erf below 2, Laplace's continued fraction
    /// above (both to about 1e-15 relative).</summary>
    public static double Erfc(double x)
    {
        if (x < 0)
        {
            return 2 - Erfc(-x);
        }

        if (x < 2)
        {
            // erf(x) = 2/sqrt(pi) * sum_n (-1)^n x^(2n+1) / (n! (2n+1))
            double term = x, sum = x;
            for (var n = 1; Math.Abs(term) > 1e-17 * Math.Abs(sum); n++)
            {
                term *= -x * x / n;
                sum += term / (2 * n + 1);
            }

            return 1 - 2 / Math.Sqrt(Math.PI) * sum;
        }

        // erfc(x) = exp(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...))))), evaluated from depth 60 up.
        var fraction = x;
        for (var k = 60; k >= 1; k--)
        {
            fraction = x + k / 2.0 / fraction;
        }

        return Math.Exp(-x * x) / Math.Sqrt(Math.PI) / fraction;
    }
}
