using Nitrolyte.Core;

namespace Nitrolyte.Impedance;

/// <summary>
/// From a fitted circuit to conductivities. Each parallel block R||C or R||CPE is an arc with effective
/// capacitance C (or C_eff = (R^(1−n) Q)^(1/n), Brug/Hsu-Mansfeld) and is assigned by the ranges of Irvine,
/// Sinclair and West (Adv. Mater. 2 (1990) 132), stated for a cell constant L/A = 1 cm⁻¹ (capacitances are scaled
/// by L/A first): bulk below 1e-11 F, grain boundary 1e-11 to 1e-8 F, surface layer 1e-8 to 1e-7 F, electrode
/// interface above 1e-7 F; of several bulk/grain-boundary arcs the fastest is the bulk. σ = L/(R A). For blocking cells, total = bulk + grain
/// boundary; when no arc is bulk-like, the top-level series resistance is taken as the bulk (its arc lies above
/// the measured frequencies). For symmetric Li|SE|Li cells the series resistance (plus any bulk/gb arcs) is the
/// electrolyte and the electrode-range arcs are the two interfaces: ASR = R_interface A / 2.
/// </summary>
public static class PelletConductivity
{
    public static ArcRole Classify(double capacitanceF) => capacitanceF switch
    {
        < 1e-11 => ArcRole.Bulk,
        < 1e-8 => ArcRole.GrainBoundary,
        < 1e-7 => ArcRole.SurfaceLayer,
        _ => ArcRole.Electrode,
    };

    public static string RoleName(ArcRole r) => r switch
    {
        ArcRole.Bulk => "bulk", ArcRole.GrainBoundary => "grain_boundary", ArcRole.SurfaceLayer => "surface_layer", _ => "electrode",
    };

    /// <summary>
    /// The arcs of a fit with their roles. The Irvine-Sinclair-West ranges hold for a cell constant L/A = 1 cm⁻¹, so
    /// with a geometry the capacitance is scaled by L/A before classification. When two or more arcs fall in the
    /// bulk/grain-boundary ranges, the one with the smallest capacitance (highest frequency) is the bulk and the
    /// others grain boundary, as the bulk is always the fastest process of a pellet.
    /// </summary>
    public static List<ArcAssignment> Arcs(CircuitFit fit, PelletGeometry? geometry = null)
    {
        double k = geometry?.CellConstantPerCm ?? 1;
        var p = fit.Values;
        var se = fit.Parameters.Select(x => x.StdErr).ToArray();
        var list = new List<ArcAssignment>();
        foreach (var block in Blocks(fit.Circuit.Root))
        {
            var els = block.Children.OfType<ElementNode>().ToList();
            var r = els.FirstOrDefault(e => e.Kind == ElementKind.R);
            var c = els.FirstOrDefault(e => e.Kind == ElementKind.C);
            var q = els.FirstOrDefault(e => e.Kind == ElementKind.Cpe);
            if (r is null || (c is null && q is null)) continue;
            double rv = p[r.ParamStart];
            double cEff = c is not null ? p[c.ParamStart] : Math.Pow(Math.Pow(rv, 1 - p[q!.ParamStart + 1]) * p[q.ParamStart], 1 / p[q.ParamStart + 1]);
            double fApex = 1 / (2 * Math.PI * rv * cEff);
            list.Add(new ArcAssignment(block.ToString(), r.Name, rv, se[r.ParamStart], cEff, fApex, RoleName(Classify(cEff * k))));
        }
        var inner = list.Where(a => a.Role is "bulk" or "grain_boundary").OrderBy(a => a.EffectiveCapacitanceF).ToList();
        if (inner.Count >= 2)
            for (int i = 0; i < list.Count; i++)
                if (list[i].Role is "bulk" or "grain_boundary")
                    list[i] = list[i] with { Role = ReferenceEquals(list[i], inner[0]) ? "bulk" : "grain_boundary" };
        return list;
    }

    private static IEnumerable<ParallelNode> Blocks(CircuitNode n)
    {
        if (n is ParallelNode pn) { yield return pn; yield break; }
        foreach (var c in n.Children) foreach (var b in Blocks(c)) yield return b;
    }

    public static ConductivityResult Analyse(CircuitFit fit, PelletGeometry g, CellType cell = CellType.Blocking)
    {
        var arcs = Arcs(fit, g);
        var notes = new List<string>();
        var seriesR = (fit.Circuit.Root is SeriesNode sn ? sn.Children : [fit.Circuit.Root]).OfType<ElementNode>().Where(e => e.Kind == ElementKind.R).ToList();
        double rSeries = seriesR.Sum(e => fit.Values[e.ParamStart]);
        double rSeriesVar = seriesR.Sum(e => Sq(fit.Parameters[e.ParamStart].StdErr));
        (double R, double Var) Sum(string role) =>
            (arcs.Where(a => a.Role == role).Sum(a => a.ResistanceOhm), arcs.Where(a => a.Role == role).Sum(a => Sq(a.ResistanceStdErrOhm)));
        var bulk = Sum("bulk");
        var gb = Sum("grain_boundary");
        var el = Sum("electrode");
        var surf = Sum("surface_layer");
        double rInterface = double.NaN, asr = double.NaN;
        if (cell == CellType.Symmetric)
        {
            // electrolyte = series R + bulk/gb arcs; interfaces = electrode + surface-layer arcs
            bulk = (bulk.R + rSeries, bulk.Var + rSeriesVar);
            rInterface = el.R + surf.R;
            asr = rInterface * g.AreaCm2 / 2;
            notes.Add("symmetric cell: series resistance counted as electrolyte; electrode-range arcs are the two interfaces (ASR = R A / 2)");
        }
        else
        {
            if (bulk.R == 0 && seriesR.Count > 0)
            {
                bulk = (rSeries, rSeriesVar);
                notes.Add("no arc in the bulk capacitance range: the series resistance (high-frequency intercept) is taken as bulk");
            }
            if (surf.R > 0) notes.Add("an arc in the surface-layer range (1e-8 to 1e-7 F) is not counted in the total");
        }
        double total = bulk.R + gb.R;
        double k = g.CellConstantPerCm;
        static double Sq(double v) => double.IsFinite(v) ? v * v : 0;
        double Sigma(double r) => r > 0 ? k / r : double.NaN;
        double SigmaSe(double r, double v) => r > 0 ? k / r * Math.Sqrt(v) / r : double.NaN;
        return new ConductivityResult(
            Sigma(total), SigmaSe(total, bulk.Var + gb.Var),
            Sigma(bulk.R), SigmaSe(bulk.R, bulk.Var),
            Sigma(gb.R), SigmaSe(gb.R, gb.Var),
            bulk.R, gb.R, rInterface, asr, g.ThicknessCm, g.AreaCm2, g.RelativeDensity,
            cell == CellType.Symmetric ? "symmetric" : "blocking", arcs, notes);
    }
}
