using Nitrolyte.Core;

namespace Nitrolyte.Diffraction;

/// <summary>An observed peak: position (parabola through the three highest smoothed points), net height above the background estimate.</summary>
public sealed record ObservedPeak(double TwoThetaDeg, double NetHeight, double SignalToNoise);

/// <summary>
/// Peak search on a 2θ pattern: background = running minimum over <see cref="PeakSearchOptions.BackgroundWindowDeg"/>
/// followed by a running mean over the same window; the net signal is smoothed with a 5-point running mean;
/// local maxima whose net height exceeds <see cref="PeakSearchOptions.MinSignalToNoise"/> × esd and
/// <see cref="PeakSearchOptions.MinRelativeHeight"/> of the strongest are kept, those closer than
/// <see cref="PeakSearchOptions.MinSeparationDeg"/> merged into the higher.
/// </summary>
public static class PeakSearch
{
    public sealed record PeakSearchOptions
    {
        public double BackgroundWindowDeg { get; init; } = 2.0;
        public double MinSignalToNoise { get; init; } = 5;
        public double MinRelativeHeight { get; init; } = 0.01;
        public double MinSeparationDeg { get; init; } = 0.08;
    }

    public static (IReadOnlyList<ObservedPeak> Peaks, double[] Background) Find(MeasuredPattern p, PeakSearchOptions? opt = null)
    {
        opt ??= new PeakSearchOptions();
        if (p.Axis != PatternAxis.TwoThetaDeg) throw new NitrolyteInputException($"{p.Source}: peak search needs a 2θ pattern");
        int n = p.Count;
        var x = p.X; var y = p.Intensity;
        double step = (x[^1] - x[0]) / Math.Max(n - 1, 1);
        int half = Math.Max(2, (int)Math.Round(opt.BackgroundWindowDeg / step / 2));
        var mins = new double[n];
        for (int i = 0; i < n; i++)
        {
            double m = double.PositiveInfinity;
            for (int j = Math.Max(0, i - half); j <= Math.Min(n - 1, i + half); j++) m = Math.Min(m, y[j]);
            mins[i] = m;
        }
        var bg = RunningMean(mins, half);
        var net = new double[n];
        for (int i = 0; i < n; i++) net[i] = y[i] - bg[i];
        var sm = RunningMean(net, 2);
        double maxNet = sm.Max();
        var found = new List<ObservedPeak>();
        for (int i = 1; i < n - 1; i++)
        {
            if (!(sm[i] >= sm[i - 1] && sm[i] > sm[i + 1])) continue;
            double noise = p.Esd[i] / Math.Sqrt(5);
            if (sm[i] < opt.MinSignalToNoise * Math.Max(noise, 1e-12) || sm[i] < opt.MinRelativeHeight * maxNet) continue;
            double a = sm[i - 1], b = sm[i], c = sm[i + 1];
            double den = a - 2 * b + c;
            double off = den < 0 ? 0.5 * (a - c) / den : 0;
            double pos = x[i] + Math.Clamp(off, -1, 1) * (off >= 0 ? x[i + 1] - x[i] : x[i] - x[i - 1]);
            found.Add(new ObservedPeak(pos, b, b / Math.Max(noise, 1e-12)));
        }
        var merged = new List<ObservedPeak>();
        foreach (var pk in found.OrderByDescending(f => f.NetHeight))
            if (!merged.Any(m => Math.Abs(m.TwoThetaDeg - pk.TwoThetaDeg) < opt.MinSeparationDeg)) merged.Add(pk);
        return (merged.OrderBy(m => m.TwoThetaDeg).ToList(), bg);
    }

    private static double[] RunningMean(double[] v, int half)
    {
        int n = v.Length;
        var pre = new double[n + 1];
        for (int i = 0; i < n; i++) pre[i + 1] = pre[i] + v[i];
        var r = new double[n];
        for (int i = 0; i < n; i++)
        {
            int lo = Math.Max(0, i - half), hi = Math.Min(n - 1, i + half);
            r[i] = (pre[hi + 1] - pre[lo]) / (hi - lo + 1);
        }
        return r;
    }
}
