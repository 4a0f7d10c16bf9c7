using Nitrolyte.Core;
using Nitrolyte.Diffraction;
using Nitrolyte.Formats.Structures;

namespace Nitrolyte.Formats.Diffraction;

/// <summary>
/// Powder CIF (pdCIF) profiles: a data block with a loop holding the 2θ column (<c>_pd_meas_2theta_scan</c>,
/// <c>_pd_proc_2theta_corrected</c> or <c>_pd_meas_angle_2theta</c>; else equal steps from
/// <c>_pd_meas_2theta_range_min/max/inc</c>) and the intensity (<c>_pd_meas_counts_total</c>, <c>_pd_meas_intensity_total</c>,
/// <c>_pd_proc_intensity_total</c> or <c>_pd_proc_intensity_net</c>). The esd is the value's bracketed standard uncertainty,
/// else 1/√w from <c>_pd_proc_ls_weight</c> (points of weight 0 are dropped and counted), else √counts. Blocks with a
/// profile are scans (<c>--scan</c>, default the first); a block whose only intensity is <c>_pd_calc_*</c> is not a
/// measurement and is skipped. The wavelength is <c>_diffrn_radiation_wavelength</c> (a loop of two with
/// <c>_wt</c> gives Kα1, Kα2 and the ratio) from any block; a radiation named without a number (<c>'Cu K\a'</c>) is
/// recorded but gives no wavelength (then --wavelength is required).
/// </summary>
public static class PdCifReader
{
    private static readonly string[] XTags = ["_pd_meas_2theta_scan", "_pd_proc_2theta_corrected", "_pd_meas_angle_2theta", "_pd_proc_2theta"];
    private static readonly string[] YTags = ["_pd_meas_counts_total", "_pd_meas_intensity_total", "_pd_proc_intensity_total", "_pd_proc_intensity_net"];

    /// <summary>True when the text has a pdCIF profile tag (cheap check before a full parse).</summary>
    public static bool LooksLikeProfile(string text) => YTags.Any(t => text.Contains(t, StringComparison.OrdinalIgnoreCase));

    public static MeasuredPattern Read(string path, int scan = 1)
    {
        if (!File.Exists(path)) throw new NitrolyteFormatException(path, "file not found");
        return Parse(File.ReadAllText(path), path, scan);
    }

    public static MeasuredPattern Parse(string text, string path, int scan = 1)
    {
        var blocks = CifSyntax.Parse(path, text);
        var profiles = blocks.Where(b => b.LoopWith(YTags) is not null).ToList();
        if (profiles.Count == 0)
            throw new NitrolyteFormatException(path, "a CIF without a powder profile loop (_pd_meas_counts_total / _pd_proc_intensity_total ...): a structure CIF goes to --structure");
        if (scan < 1 || scan > profiles.Count) throw new NitrolyteFormatException(path, $"profile {scan} asked for, the file has {profiles.Count} (--scan 1..{profiles.Count})");
        var block = profiles[scan - 1];
        var loop = block.LoopWith(YTags)!;
        var prov = new List<string> { $"powder CIF, block data_{block.Name}{(profiles.Count > 1 ? $" (profile {scan} of {profiles.Count}: {string.Join(", ", profiles.Select(p => p.Name))}; --scan)" : "")}" };
        if (block.Name.Contains("calc", StringComparison.OrdinalIgnoreCase)) prov.Add("the block name says 'calc': this may be a calculated pattern");
        string yTag = YTags.First(t => loop.IndexOf(t) >= 0);
        int yi = loop.IndexOf(yTag);
        string? xTag = XTags.FirstOrDefault(t => loop.IndexOf(t) >= 0);
        int wi = loop.IndexOf("_pd_proc_ls_weight");
        int n = loop.Rows.Count;
        if (n < 10) throw new NitrolyteFormatException(path, $"block data_{block.Name}: {n} profile points");
        var x = new List<double>(n); var y = new List<double>(n); var e = new List<double>(n);
        double[]? steps = null;
        if (xTag is null)
        {
            double? lo = Num(block, "_pd_meas_2theta_range_min", path) ?? Num(block, "_pd_proc_2theta_range_min", path);
            double? inc = Num(block, "_pd_meas_2theta_range_inc", path) ?? Num(block, "_pd_proc_2theta_range_inc", path);
            if (lo is null || inc is null or <= 0)
                throw new NitrolyteFormatException(path, $"block data_{block.Name}: no 2θ column ({string.Join(", ", XTags)}) and no _pd_meas_2theta_range_min/_inc");
            steps = Enumerable.Range(0, n).Select(i => lo.Value + i * inc.Value).ToArray();
            prov.Add($"2θ from _2theta_range_min {lo} and _inc {inc} ({n} equal steps)");
        }
        else prov.Add($"2θ from {xTag}{(xTag == "_pd_proc_2theta_corrected" ? " (2θ after the depositor's corrections)" : "")}");
        int dropped = 0, fromSu = 0, fromW = 0;
        for (int r = 0; r < n; r++)
        {
            var row = loop.Rows[r];
            if (row[yi].IsMissing) { dropped++; continue; }
            var yv = CifSyntax.ParseWithUncertainty(row[yi].Text) ?? throw new NitrolyteFormatException(path, $"{yTag}: '{row[yi].Text}' is not a number", row[yi].Line);
            double xv = steps?[r] ?? (CifSyntax.ParseWithUncertainty(loop.Rows[r][loop.IndexOf(xTag!)].Text)
                ?? throw new NitrolyteFormatException(path, $"{xTag}: '{row[loop.IndexOf(xTag!)].Text}' is not a number", row[loop.IndexOf(xTag!)].Line)).Value;
            double esd;
            if (yv.Uncertainty is double su && su > 0) { esd = su; fromSu++; }
            else if (wi >= 0 && !row[wi].IsMissing)
            {
                var w = CifSyntax.ParseWithUncertainty(row[wi].Text) ?? throw new NitrolyteFormatException(path, $"_pd_proc_ls_weight: '{row[wi].Text}' is not a number", row[wi].Line);
                if (!(w.Value > 0)) { dropped++; continue; }
                esd = 1 / Math.Sqrt(w.Value); fromW++;
            }
            else esd = Math.Sqrt(Math.Max(yv.Value, 1));
            x.Add(xv); y.Add(yv.Value); e.Add(esd);
        }
        bool assumed = fromSu == 0 && fromW == 0;
        prov.Add($"intensity from {yTag}; esd {(fromSu > 0 ? "from the values' standard uncertainties" : fromW > 0 ? "= 1/√w from _pd_proc_ls_weight" : "= √counts (assumed)")}");
        if (dropped > 0) prov.Add($"{dropped} points without intensity or with weight 0 dropped");

        // radiation
        double? k1 = null, k2 = null, ratio = null;
        var wlLoop = blocks.Select(b => b.LoopWith("_diffrn_radiation_wavelength")).FirstOrDefault(l => l is not null);
        if (wlLoop is not null)
        {
            int li = wlLoop.IndexOf("_diffrn_radiation_wavelength"), wti = wlLoop.IndexOf("_diffrn_radiation_wavelength_wt");
            var vals = wlLoop.Rows.Select(rw => (L: CifSyntax.ParseWithUncertainty(rw[li].Text)?.Value, W: wti >= 0 ? CifSyntax.ParseWithUncertainty(rw[wti].Text)?.Value : null)).Where(v => v.L > 0).ToList();
            if (vals.Count >= 1) k1 = vals[0].L;
            if (vals.Count >= 2 && vals[0].W > 0 && vals[1].W > 0) { k2 = vals[1].L; ratio = vals[1].W / vals[0].W; }
        }
        else
        {
            var item = blocks.Select(b => b.Item("_diffrn_radiation_wavelength")).FirstOrDefault(v => v is not null);
            if (item is CifValue iv && CifSyntax.ParseWithUncertainty(iv.Text) is { } lv && lv.Value > 0) k1 = lv.Value;
        }
        string? type = blocks.Select(b => b.Item("_diffrn_radiation_type")).FirstOrDefault(v => v is not null)?.Text;
        string? probe = blocks.Select(b => b.Item("_diffrn_radiation_probe")).FirstOrDefault(v => v is not null)?.Text;
        if (k1 is not null) prov.Add($"wavelength {k1:0.######} Å{(k2 is not null ? $", Kα2 {k2:0.######} Å, I2/I1 {ratio:0.####}" : "")} from _diffrn_radiation_wavelength");
        else if (type is not null) prov.Add($"radiation '{type}' named without a numeric wavelength: give --wavelength");
        string? radiation = probe?.ToLowerInvariant() switch
        {
            "x-ray" or "xray" => "xray",
            "neutron" => "neutron",
            _ => type is not null && type.Contains('K') ? "xray" : null,
        };
        string? title = blocks.Select(b => b.Item("_pd_phase_name", "_pd_spec_description")).FirstOrDefault(v => v is not null)?.Text;
        return PowderTextReader.Finish(path, PatternAxis.TwoThetaDeg, x.ToArray(), y.ToArray(), e.ToArray(), assumed, k1, radiation, prov, k2, ratio, title);
    }

    private static double? Num(CifBlock b, string tag, string path) => b.Item(tag) is CifValue v ? CifSyntax.ParseNumber(v, path, tag) : null;
}
