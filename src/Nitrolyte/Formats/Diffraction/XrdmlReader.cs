using System.Globalization;
using System.Xml.Linq;
using Nitrolyte.Core;
using Nitrolyte.Diffraction;

namespace Nitrolyte.Formats.Diffraction;

/// <summary>
/// PANalytical XRDML (XML, any namespace version): each xrdMeasurement/scan has dataPoints with
/// positions axis="2Theta" given as startPosition/endPosition (equal steps) or listPositions (any steps), and
/// counts (or older intensities) with their unit; counts per second are turned back into counts with
/// commonCountingTime (or countingTimes) so that the esd √counts hold, and the division is said.
/// usedWavelength gives kAlpha1, kAlpha2 and ratioKAlpha2KAlpha1; intended="K-Alpha 1" means a
/// monochromated Kα1 beam (no doublet), otherwise the doublet with the file's ratio. With several scans one is
/// read (--scan, default 1) and the count is said.
/// </summary>
public static class XrdmlReader
{
    public static MeasuredPattern Read(string path, int scan = 1)
    {
        if (!File.Exists(path)) throw new NitrolyteFormatException(path, "file not found");
        XDocument doc;
        try { doc = XDocument.Load(path); }
        catch (System.Xml.XmlException ex) { throw new NitrolyteFormatException(path, $"not well-formed XML: {ex.Message}", ex.LineNumber); }
        return Parse(doc, path, scan);
    }

    private static IEnumerable<XElement> Named(XContainer c, string local) => c.Descendants().Where(e => e.Name.LocalName == local);
    private static XElement? First(XContainer c, string local) => Named(c, local).FirstOrDefault();

    public static MeasuredPattern Parse(XDocument doc, string path, int scan = 1)
    {
        var prov = new List<string> { "PANalytical XRDML" };
        var scans = Named(doc, "scan").Where(s => First(s, "dataPoints") is not null).ToList();
        if (scans.Count == 0) throw new NitrolyteFormatException(path, "no scan with dataPoints in the XRDML file");
        if (scan < 1 || scan > scans.Count) throw new NitrolyteFormatException(path, $"scan {scan} asked for, the file has {scans.Count} (--scan 1..{scans.Count})");
        if (scans.Count > 1) prov.Add($"scan {scan} of {scans.Count} read (--scan)");
        var sc = scans[scan - 1];
        var dp = First(sc, "dataPoints")!;
        var measurement = sc.Ancestors().FirstOrDefault(a => a.Name.LocalName == "xrdMeasurement") ?? doc.Root!;

        // wavelength
        double? k1 = null, k2 = null, ratio = null;
        var used = First(measurement, "usedWavelength");
        string? intended = used?.Attribute("intended")?.Value;
        if (used is not null)
        {
            k1 = Val(First(used, "kAlpha1"), path);
            k2 = Val(First(used, "kAlpha2"), path);
            ratio = Val(First(used, "ratioKAlpha2KAlpha1"), path);
            var unit = First(used, "kAlpha1")?.Attribute("unit")?.Value;
            if (unit is not null && unit.StartsWith("nm", StringComparison.OrdinalIgnoreCase)) { k1 *= 10; k2 *= 10; }
        }
        if (k1 is not null)
        {
            bool single = intended is not null && intended.Replace(" ", "").EndsWith("Alpha1", StringComparison.OrdinalIgnoreCase);
            if (single || k2 is null || ratio is null or <= 0)
            {
                prov.Add($"wavelength Kα1 {k1:0.######} Å from usedWavelength{(intended is not null ? $" (intended '{intended}')" : "")}: single line");
                k2 = null; ratio = null;
            }
            else prov.Add($"wavelengths Kα1 {k1:0.######} Å, Kα2 {k2:0.######} Å, I2/I1 {ratio:0.####} from usedWavelength");
        }
        string? anode = First(measurement, "anodeMaterial")?.Value;
        if (anode is not null) prov.Add($"anode {anode}");

        // positions
        var pos = Named(dp, "positions").FirstOrDefault(p => string.Equals(p.Attribute("axis")?.Value, "2Theta", StringComparison.OrdinalIgnoreCase))
                  ?? throw new NitrolyteFormatException(path, $"scan {scan}: no positions axis=\"2Theta\" (only {string.Join(", ", Named(dp, "positions").Select(p => p.Attribute("axis")?.Value))})");
        var countsEl = First(dp, "counts") ?? First(dp, "intensities") ?? throw new NitrolyteFormatException(path, $"scan {scan}: no counts or intensities");
        var y = Numbers(countsEl.Value, path, countsEl.Name.LocalName);
        int n = y.Length;
        if (n < 10) throw new NitrolyteFormatException(path, $"scan {scan}: only {n} points");
        double[] x;
        var list = First(pos, "listPositions");
        if (list is not null)
        {
            x = Numbers(list.Value, path, "listPositions");
            if (x.Length != n) throw new NitrolyteFormatException(path, $"scan {scan}: {x.Length} listPositions for {n} intensities");
            prov.Add("2θ from listPositions");
        }
        else
        {
            double s = Val(First(pos, "startPosition"), path) ?? throw new NitrolyteFormatException(path, $"scan {scan}: 2Theta has neither listPositions nor startPosition");
            double e = Val(First(pos, "endPosition"), path) ?? throw new NitrolyteFormatException(path, $"scan {scan}: 2Theta has no endPosition");
            x = Enumerable.Range(0, n).Select(i => s + (e - s) * i / (n - 1)).ToArray();
            prov.Add($"2θ from startPosition {s} to endPosition {e} in {n} equal steps");
        }
        var unitPos = pos.Attribute("unit")?.Value;
        if (unitPos is not null && !unitPos.StartsWith("deg", StringComparison.OrdinalIgnoreCase))
            throw new NitrolyteFormatException(path, $"2Theta positions in '{unitPos}': only degrees are understood");

        string unitI = countsEl.Attribute("unit")?.Value ?? "counts";
        var atten = First(dp, "beamAttenuationFactors");
        double[]? att = atten is not null ? Numbers(atten.Value, path, "beamAttenuationFactors") : null;
        double[] counts = (double[])y.Clone();
        if (unitI.Equals("cps", StringComparison.OrdinalIgnoreCase) || unitI.Contains("per", StringComparison.OrdinalIgnoreCase))
        {
            var ct = Val(First(dp, "commonCountingTime"), path);
            var cts = First(dp, "countingTimes") is { } ctl ? Numbers(ctl.Value, path, "countingTimes") : null;
            if (ct is null && cts is null) throw new NitrolyteFormatException(path, $"scan {scan}: intensities in {unitI} without a counting time: esd cannot be derived");
            for (int i = 0; i < n; i++) counts[i] = y[i] * (cts is not null ? cts[i] : ct!.Value);
            prov.Add($"intensities in {unitI} × counting time = counts (esd = √counts, then back to {unitI})");
        }
        var esd = new double[n];
        for (int i = 0; i < n; i++) esd[i] = Math.Sqrt(Math.Max(counts[i], 1)) * (counts[i] > 0 ? y[i] / counts[i] : 1);
        if (att is not null && att.Length == n && att.Any(a => Math.Abs(a - 1) > 1e-12))
        {
            for (int i = 0; i < n; i++) { y[i] *= att[i]; esd[i] *= att[i]; }
            prov.Add("beam attenuation factors applied");
        }
        string? title = First(doc, "sample") is { } smp ? First(smp, "id")?.Value ?? First(smp, "name")?.Value : null;
        return PowderTextReader.Finish(path, PatternAxis.TwoThetaDeg, x, y, esd, false, k1, "xray", prov, k2, ratio, title);
    }

    private static double? Val(XElement? e, string path) =>
        e is null ? null : double.TryParse(e.Value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
            : throw new NitrolyteFormatException(path, $"<{e.Name.LocalName}> '{e.Value.Trim()}' is not a number");

    private static double[] Numbers(string text, string path, string what)
    {
        var parts = text.Split([' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var v = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out v[i]))
                throw new NitrolyteFormatException(path, $"<{what}> value {i + 1} '{parts[i]}' is not a number");
        return v;
    }
}
