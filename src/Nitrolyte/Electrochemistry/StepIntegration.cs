namespace Nitrolyte.Electrochemistry;

/// <summary>
/// The shared arithmetic of every per-step quantity (capacity, mean current, mean overpotential, ASR):
/// <list type="bullet">
/// <item>(step boundaries come from the technique's own markers in the readers, e.g.
/// <c>TimeSeriesAdapters.BioLogicStepStarts</c>; the first row of a step belongs to that step);</item>
/// <item>integrals over time by the trapezoid rule over the step's rows, first row included;</item>
/// <item>averages weighted by time (integral / duration), never plain means of samples;</item>
/// <item><b>transient samples</b>: a row recorded less than <see cref="DefaultTransientFraction"/> of the step's
/// median sampling interval after the previous row (EC-Lab writes one 0.4-0.8 ms after each step change, while the
/// potentiostat is still ramping) does not stand for the interval that follows it: in integrals and averages it
/// takes the value of the next regular sample of the same run (the previous one at the end of a run). It still counts
/// for time (the run starts at it) and is never dropped from charge.</item>
/// </list>
/// </summary>
public static class StepIntegration
{
    /// <summary>Rows closer than this fraction of the run's median sampling interval to their predecessor are transient.</summary>
    public const double DefaultTransientFraction = 0.01;

    /// <summary>Median spacing of the rows first..last (0 when fewer than two rows).</summary>
    public static double MedianInterval(double[] t, int first, int last)
    {
        if (last <= first) return 0;
        var d = new double[last - first];
        for (int i = first + 1; i <= last; i++) d[i - first - 1] = t[i] - t[i - 1];
        Array.Sort(d);
        int m = d.Length;
        return m % 2 == 1 ? d[m / 2] : 0.5 * (d[m / 2 - 1] + d[m / 2]);
    }

    /// <summary>Transient flags for rows first..last (index 0 = row first): the row's distance to the previous row of
    /// the file (for the first row of the run too) is below <paramref name="fraction"/> x the run's median interval.</summary>
    public static bool[] Transients(double[] t, int first, int last, double fraction = DefaultTransientFraction)
    {
        var tr = new bool[last - first + 1];
        double med = MedianInterval(t, first, last);
        if (!(med > 0) || last - first < 2) return tr;
        for (int i = first; i <= last; i++)
        {
            if (i == 0) continue;
            double dt = t[i] - t[i - 1];
            tr[i - first] = dt < fraction * med;
        }
        return tr;
    }

    /// <summary>The values of rows first..last (index 0 = row first) with transient rows replaced by the next regular
    /// row of the run (the previous regular row when none follows).</summary>
    public static double[] Effective(double[] values, bool[] transient, int first, int last)
    {
        int m = last - first + 1;
        var e = new double[m];
        for (int k = 0; k < m; k++) e[k] = values[first + k];
        int next = -1, lastRegular = -1;
        for (int k = m - 1; k >= 0; k--)
        {
            if (!transient[k]) { next = k; if (lastRegular < 0) lastRegular = k; continue; }
            if (next >= 0) e[k] = values[first + next];
        }
        if (lastRegular >= 0) for (int k = lastRegular + 1; k < m; k++) e[k] = values[first + lastRegular];
        return e;
    }

    /// <summary>Trapezoid integral over rows first..last of <paramref name="y"/> (indexed from row first), in value x s.</summary>
    public static double Trapezoid(double[] t, double[] y, int first, int last)
    {
        double s = 0;
        for (int i = first + 1; i <= last; i++) s += 0.5 * (y[i - first - 1] + y[i - first]) * (t[i] - t[i - 1]);
        return s;
    }

    /// <summary>Time-weighted mean (trapezoid integral / duration) over rows first..last of <paramref name="y"/>
    /// (indexed from row first); a single row gives its value.</summary>
    public static double TimeWeightedMean(double[] t, double[] y, int first, int last)
    {
        double dur = t[last] - t[first];
        if (!(dur > 0)) { double s = 0; for (int k = 0; k <= last - first; k++) s += y[k]; return s / (last - first + 1); }
        return Trapezoid(t, y, first, last) / dur;
    }

    /// <summary>The charge (mAh) the file's own cumulative charge column gives for rows first..last: the charge of each
    /// row's interval counted in that row's step (EC-Lab's "Q charge/discharge" convention), i.e. Q[last] - Q[first-1].</summary>
    public static double? FileCharge(TimeSeries ts, int first, int last)
    {
        if (ts.FileChargeMah is not { } q) return null;
        double before = first > 0 ? q[first - 1] : q[first];
        double v = q[last] - before;
        return double.IsFinite(v) ? v : null;
    }

    /// <summary>A warning when |integrated| and |file| differ by more than <paramref name="tolerance"/> of the larger
    /// (or of <paramref name="scaleMah"/>, e.g. the charge passed either way for a net charge), else null.</summary>
    public static string? CrossCheck(string what, double integratedMah, double? fileMah, string? column, double tolerance = 0.005, double? scaleMah = null)
    {
        if (fileMah is not { } f) return null;
        double a = Math.Abs(integratedMah), b = Math.Abs(f);
        double scale = scaleMah ?? Math.Max(a, b);
        double diff = scaleMah is null ? Math.Abs(a - b) : Math.Abs(integratedMah - f); // a net charge keeps its sign
        if (!(scale > 0) || diff <= tolerance * scale) return null;
        return $"{what}: the integrated current gives {a:0.######} mAh but the file's own charge column ({column ?? "charge"}) gives {b:0.######} mAh " +
               $"({(b > 0 ? $"{100 * (a - b) / b:+0.0;-0.0} %" : "the file's is zero")}, more than {tolerance * 100:0.#} %{(scaleMah is null ? "" : $" of {scale:0.######} mAh")}): check the current column and the sampling";
    }
}
