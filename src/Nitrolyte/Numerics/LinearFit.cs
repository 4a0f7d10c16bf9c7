using MathNet.Numerics.Distributions;

namespace Nitrolyte.Numerics;

/// <summary>Result of a straight-line fit y = Intercept + Slope x with the parameter covariance.</summary>
public sealed record LinearFitResult(
    double Intercept, double Slope,
    double InterceptStdErr, double SlopeStdErr, double Covariance,
    double RSquared, double ResidualVariance, int N, bool WeightsAreAbsolute)
{
    public int DegreesOfFreedom => N - 2;

    public double Predict(double x) => Intercept + Slope * x;

    /// <summary>Standard error of the fitted line (mean response) at x.</summary>
    public double PredictionStdErr(double x) =>
        Math.Sqrt(Math.Max(0, InterceptStdErr * InterceptStdErr + 2 * x * Covariance + x * x * SlopeStdErr * SlopeStdErr));

    /// <summary>Two-sided confidence interval of the mean response at x (Student t with N-2 degrees of freedom,
    /// or normal when the weights are absolute inverse variances).</summary>
    public (double Low, double High) ConfidenceInterval(double x, double level = 0.95)
    {
        var q = Quantile(level);
        var y = Predict(x);
        var se = PredictionStdErr(x);
        return (y - q * se, y + q * se);
    }

    public double Quantile(double level)
    {
        var p = 0.5 + level / 2;
        if (WeightsAreAbsolute || DegreesOfFreedom <= 0) return Normal.InvCDF(0, 1, p);
        return StudentT.InvCDF(0, 1, DegreesOfFreedom, p);
    }
}

public static class LinearFit
{
    /// <summary>
    /// Weighted least-squares line. With <paramref name="weights"/> null all points weigh 1 and the parameter
    /// covariance is scaled by the residual variance. With <paramref name="absoluteWeights"/> the weights are
    /// taken as 1/sigma^2 of known measurement errors and the covariance is not rescaled.
    /// </summary>
    public static LinearFitResult Fit(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> weights = default, bool absoluteWeights = false)
    {
        int n = x.Length;
        if (n != y.Length) throw new ArgumentException("x and y differ in length");
        if (!weights.IsEmpty && weights.Length != n) throw new ArgumentException("weights differ in length");
        if (n < 2) throw new ArgumentException("a line needs at least two points");

        double sw = 0, swx = 0, swy = 0;
        for (int i = 0; i < n; i++)
        {
            double w = weights.IsEmpty ? 1 : weights[i];
            sw += w; swx += w * x[i]; swy += w * y[i];
        }
        double xm = swx / sw, ym = swy / sw;
        double sxx = 0, sxy = 0, syy = 0;
        for (int i = 0; i < n; i++)
        {
            double w = weights.IsEmpty ? 1 : weights[i];
            double dx = x[i] - xm, dy = y[i] - ym;
            sxx += w * dx * dx; sxy += w * dx * dy; syy += w * dy * dy;
        }
        if (sxx <= 0) throw new ArgumentException("all x values are equal; the slope is undefined");
        double slope = sxy / sxx;
        double intercept = ym - slope * xm;
        double rss = 0;
        for (int i = 0; i < n; i++)
        {
            double w = weights.IsEmpty ? 1 : weights[i];
            double r = y[i] - (intercept + slope * x[i]);
            rss += w * r * r;
        }
        double s2 = absoluteWeights ? 1.0 : (n > 2 ? rss / (n - 2) : double.NaN);
        double varSlope = s2 / sxx;
        double varIntercept = s2 * (1.0 / sw + xm * xm / sxx);
        double cov = -xm * s2 / sxx;
        double r2 = syy > 0 ? 1 - rss / syy : 1;
        return new LinearFitResult(intercept, slope, Math.Sqrt(varIntercept), Math.Sqrt(varSlope), cov, r2,
            absoluteWeights ? rss / Math.Max(1, n - 2) : s2, n, absoluteWeights);
    }
}
