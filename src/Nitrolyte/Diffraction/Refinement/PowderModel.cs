using Nitrolyte.Core;
using Nitrolyte.Structures;

namespace Nitrolyte.Diffraction.Refinement;

/// <summary>One parameter of the powder model.</summary>
internal sealed class ModelParameter(string name, double value, bool refine, double lower = double.NegativeInfinity, double upper = double.PositiveInfinity)
{
    public string Name { get; } = name;
    public double Value { get; set; } = value;
    public bool Refine { get; set; } = refine;
    public double Lower { get; } = lower;
    public double Upper { get; } = upper;
}

/// <summary>A crystallographic site (all positions sharing a label and species): the unit of occupancy and Biso.</summary>
internal sealed class SiteGroup
{
    public required string Label { get; init; }
    public required string[] Elements { get; init; }
    /// <summary>Species occupancies of the starting structure.</summary>
    public required double[] BaseOccupancy { get; init; }
    public required double?[] Oxidation { get; init; }
    public required int[] ElementIndex { get; init; }
    public required List<int> SiteIndices { get; init; }
    public double BaseTotal => BaseOccupancy.Sum();
    public int Positions => SiteIndices.Count;
    public int OccIdx { get; set; } = -1;
    public int BisoIdx { get; set; } = -1;
    /// <summary>Fractional positions (one per position, in the order of <see cref="SiteIndices"/>) of the current model.</summary>
    public double[][] Pos { get; set; } = [];
    /// <summary>The free coordinates, when they are refined.</summary>
    public FreeCoordinates? Free { get; set; }
}

/// <summary>Reflections that coincide for every cell allowed by the constraints (one powder peak).</summary>
internal sealed class ReflectionGroup
{
    public required int[][] Hkl { get; init; }
    /// <summary>Σ over the positions of each site group of exp(2πi h·r), per hkl: [hkl * nSites + site].</summary>
    public required double[] SRe { get; init; }
    public required double[] SIm { get; init; }
    public bool Allowed { get; set; }
    public int RepIndex { get; set; }
}

internal sealed class PhaseModel
{
    public required string Name { get; init; }
    public required Structure Start { get; init; }
    public required CellConstraints Cell { get; init; }
    public required List<SiteGroup> Sites { get; init; }
    public required List<ReflectionGroup> Groups { get; init; }
    public required string[] ElementSymbols { get; init; }
    public required ScatteringFactors.XrayCoefficients?[] Xray { get; init; }
    public required double[] NeutronFm { get; init; }
    /// <summary>Anomalous f′ and f″ per element (X-ray with anomalous dispersion; zeros otherwise).</summary>
    public required double[] FPrime { get; init; }
    public required double[] FDoublePrime { get; init; }
    public int[] CellIdx { get; set; } = [];
    public int ScaleIdx { get; set; } = -1;
    /// <summary>Le Bail intensities (Kα1 area) per group.</summary>
    public double[] LeBail { get; set; } = [];
    /// <summary>Index of the charge-neutrality-dependent site (−1: none).</summary>
    public int DependentSite { get; set; } = -1;
    public List<string> Notes { get; } = [];
    /// <summary>Names given to --refine-xyz that matched a site of this phase.</summary>
    public HashSet<string> CoordinateMatches { get; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// The calculated powder pattern y_c(2θ) = background + Σ_phases Σ_peaks A_k [Ω(2θ − 2θ_k(λ1) − Z) + r Ω(2θ − 2θ_k(λ2) − Z)],
/// with Ω the TCH pseudo-Voigt, 2θ_k from the constrained cell, Chebyshev background, and peak areas
/// A_k = I_k (Le Bail) or A_k = S · LP(θ) · Σ_{hkl in peak} |F(hkl)|² (Rietveld),
/// F = Σ_sites t_site exp(−B_site s²) Σ_species (occ/occ_total) f(s) Σ_positions exp(2πi h·r), s = 1/(2d).
/// </summary>
internal sealed class PowderModel
{
    public required double[] X { get; init; }
    public required double[] Yo { get; init; }
    public required double[] SqrtW { get; init; }
    public required RefinementOptions Options { get; init; }
    public required List<PhaseModel> Phases { get; init; }
    public List<ModelParameter> Params { get; } = [];
    public int ZeroIdx { get; set; }
    /// <summary>Sample-displacement coefficient D (deg 2θ): a peak at Bragg angle θ moves by D·cosθ (Bragg-Brentano).</summary>
    public int DispIdx { get; set; }
    public int[] ProfileIdx { get; set; } = new int[5];
    public int[] BgIdx { get; set; } = [];
    public double[,] Cheb { get; set; } = new double[0, 0];

    public int Add(ModelParameter p) { Params.Add(p); return Params.Count - 1; }

    public static PowderModel Build(double[] x, double[] y, double[] esd, IReadOnlyList<RefinementPhase> phases, RefinementOptions opt)
    {
        if (opt.RefineCoordinates.Count > 0 && opt.Mode != RefinementMode.Rietveld)
            throw new NitrolyteInputException("refining coordinates needs the Rietveld mode (Le Bail has no structure model)");
        var m = new PowderModel
        {
            X = x, Yo = y, SqrtW = esd.Select(e => 1 / e).ToArray(), Options = opt,
            Phases = phases.Select(p => BuildPhase(p, opt, x[0], x[^1])).ToList(),
        };
        var pr = opt.StartProfile;
        m.ZeroIdx = m.Add(new ModelParameter("zero_deg", opt.StartZeroDeg, opt.RefineZero, -2, 2));
        m.DispIdx = m.Add(new ModelParameter("displacement_deg", opt.StartDisplacementDeg, opt.RefineDisplacement, -3, 3));
        double[] prof = [pr.U, pr.V, pr.W, pr.X, pr.Y];
        string letters = "UVWXY";
        for (int i = 0; i < 5; i++)
            m.ProfileIdx[i] = m.Add(new ModelParameter(letters[i].ToString(), prof[i], opt.RefinedProfile.Contains(letters[i], StringComparison.OrdinalIgnoreCase)));
        int nb = Math.Clamp(opt.BackgroundTerms, 1, 12);
        m.BgIdx = Enumerable.Range(0, nb).Select(j => m.Add(new ModelParameter($"bkg_{j}", 0, true))).ToArray();
        m.Cheb = new double[x.Length, nb];
        for (int i = 0; i < x.Length; i++)
        {
            double t = 2 * (x[i] - x[0]) / (x[^1] - x[0]) - 1;
            double t0 = 1, t1 = t;
            for (int j = 0; j < nb; j++)
            {
                double v = j == 0 ? 1 : j == 1 ? t : 2 * t * t1 - t0;
                if (j >= 2) { t0 = t1; t1 = v; }
                m.Cheb[i, j] = v;
            }
        }
        foreach (var ph in m.Phases)
        {
            string pre = m.Phases.Count > 1 ? ph.Name + ":" : "";
            ph.CellIdx = ph.Cell.FreeNames.Select((n, k) => m.Add(new ModelParameter(pre + n, ph.Cell.StartValues[k], opt.RefineCell, ph.Cell.StartValues[k] * (n.Length == 1 ? 0.8 : 0.9), ph.Cell.StartValues[k] * (n.Length == 1 ? 1.2 : 1.1)))).ToArray();
            if (opt.Mode == RefinementMode.Rietveld)
            {
                int k = m.Phases.IndexOf(ph);
                bool fixedScale = opt.FixedScales is not null && k < opt.FixedScales.Count;
                ph.ScaleIdx = m.Add(new ModelParameter(pre + "scale", fixedScale ? opt.FixedScales![k] : 1, !fixedScale, 0, double.PositiveInfinity));
                foreach (var s in ph.Sites)
                {
                    double b = opt.StartBisoBySite is not null && opt.StartBisoBySite.TryGetValue(s.Label, out var bb) ? bb : opt.StartBisoA2;
                    s.BisoIdx = m.Add(new ModelParameter(pre + "Biso_" + s.Label, b, opt.RefineBiso, -1, 20));
                    s.OccIdx = m.Add(new ModelParameter(pre + "occ_" + s.Label, s.BaseTotal, false, 0, 1.5));
                    if (s.Free is { } fc)
                        fc.ParamIdx = fc.Axes.Select(ax => m.Add(new ModelParameter($"{pre}{"xyz"[ax]}_{s.Label}", fc.R0[ax], true, fc.R0[ax] - 0.1, fc.R0[ax] + 0.1))).ToArray();
                }
            }
            else ph.LeBail = Enumerable.Repeat(1.0, ph.Groups.Count).ToArray();
        }
        if (opt.Mode == RefinementMode.Rietveld) m.SelectOccupancies(opt);
        foreach (var want in opt.RefineCoordinates.Where(w => !w.Equals("all", StringComparison.OrdinalIgnoreCase)))
            if (!m.Phases.Any(ph => ph.CoordinateMatches.Contains(want)))
                throw new NitrolyteInputException($"--refine-xyz {want}: no site with that label or element (sites: {string.Join(", ", m.Phases.SelectMany(p => p.Sites).Select(s => $"{s.Label} ({string.Join("/", s.Elements)})"))})");
        return m;
    }

    private void SelectOccupancies(RefinementOptions opt)
    {
        foreach (var want in opt.RefineOccupancy)
        {
            bool found = false;
            foreach (var ph in Phases)
            {
                var byLabel = ph.Sites.Where(s => string.Equals(s.Label, want, StringComparison.OrdinalIgnoreCase)).ToList();
                if (byLabel.Count == 0) byLabel = ph.Sites.Where(s => s.Elements.Any(e => string.Equals(e, want, StringComparison.OrdinalIgnoreCase))).ToList();
                foreach (var s in byLabel) { Params[s.OccIdx].Refine = true; found = true; }
            }
            if (!found)
                throw new NitrolyteInputException($"--refine-occupancy {want}: no site with that label or element (sites: {string.Join(", ", Phases.SelectMany(p => p.Sites).Select(s => $"{s.Label} ({string.Join("/", s.Elements)})"))})");
        }
        if (!opt.ChargeNeutral) return;
        foreach (var ph in Phases)
        {
            int Rank(SiteGroup s) => opt.RefineOccupancy.Select((w, i) => (w, i)).Where(t => string.Equals(t.w, s.Label, StringComparison.OrdinalIgnoreCase) || s.Elements.Contains(t.w, StringComparer.OrdinalIgnoreCase)).Select(t => t.i).DefaultIfEmpty(-1).Max();
            // the dependent site is the last one named
            var refined = ph.Sites.Where(s => Params[s.OccIdx].Refine).OrderBy(Rank).ToList();
            if (refined.Count == 0) continue;
            if (ph.Sites.Any(s => s.Oxidation.Any(o => o is null)))
                throw new NitrolyteInputException($"charge neutrality for {ph.Name}: the structure lacks oxidation states on some sites (give them as type symbols, e.g. Li1+)");
            if (refined.Count < 2)
                throw new NitrolyteInputException($"charge neutrality for {ph.Name}: refine at least two site occupancies (one of them is then fixed by neutrality)");
            var dep = refined[^1];
            Params[dep.OccIdx].Refine = false;
            ph.DependentSite = ph.Sites.IndexOf(dep);
        }
    }

    /// <summary>Charge per unit of site total occupancy: positions × Σ (occ/occ_total) × oxidation.</summary>
    internal static double SiteCharge(SiteGroup s) =>
        s.Positions * Enumerable.Range(0, s.Elements.Length).Sum(e => s.BaseOccupancy[e] / s.BaseTotal * (s.Oxidation[e] ?? 0));

    /// <summary>Applies the charge-neutrality constraint: t_dep = −Σ_other q_s t_s / q_dep.</summary>
    public void ApplyConstraints(double[] p)
    {
        foreach (var ph in Phases)
        {
            if (ph.DependentSite < 0) continue;
            double q = 0;
            for (int k = 0; k < ph.Sites.Count; k++)
                if (k != ph.DependentSite) q += SiteCharge(ph.Sites[k]) * p[ph.Sites[k].OccIdx];
            var dep = ph.Sites[ph.DependentSite];
            p[dep.OccIdx] = -q / SiteCharge(dep);
        }
    }

    private static PhaseModel BuildPhase(RefinementPhase rp, RefinementOptions opt, double ttMin, double ttMax)
    {
        var s = rp.Structure;
        var cell = new CellConstraints(s.Lattice);
        var elements = s.Sites.SelectMany(x => x.Species).Select(x => x.Element).Distinct().ToArray();
        var sites = new List<SiteGroup>();
        var keyToSite = new Dictionary<string, int>();
        for (int i = 0; i < s.Sites.Count; i++)
        {
            var site = s.Sites[i];
            string key = site.Label + "|" + string.Join(";", site.Species.Select(sp => $"{sp.Element}:{sp.Occupancy:R}"));
            if (!keyToSite.TryGetValue(key, out int g))
            {
                g = sites.Count;
                string label = site.Label;
                if (sites.Any(x => x.Label == label)) label = $"{label}_{g + 1}";
                sites.Add(new SiteGroup
                {
                    Label = label, Elements = site.Species.Select(x => x.Element).ToArray(), BaseOccupancy = site.Species.Select(x => x.Occupancy).ToArray(),
                    Oxidation = site.Species.Select(x => x.OxidationState).ToArray(),
                    ElementIndex = site.Species.Select(x => Array.IndexOf(elements, x.Element)).ToArray(), SiteIndices = [],
                });
                keyToSite[key] = g;
            }
            sites[g].SiteIndices.Add(i);
        }
        foreach (var sg in sites) sg.Pos = sg.SiteIndices.Select(i => new[] { s.Sites[i].FracA, s.Sites[i].FracB, s.Sites[i].FracC }).ToArray();
        var coordNotes = new List<string>();
        var matches = opt.RefineCoordinates.Count > 0 ? SelectFree(rp, sites, opt.RefineCoordinates, coordNotes) : [];
        // systematic absences are tested with generic values of the free coordinates (no accidental absence)
        var testPos = sites.Select(sg => sg.Free is { } f ? f.Positions(f.Axes.Select((ax, a) => f.R0[ax] + 0.0113 * (a + 1)).ToArray()) : sg.Pos).ToArray();

        // reflections: every hkl whose 2θ at the starting cell lies within the data range widened by 3° (the cell may move)
        double lmax = Math.Max(opt.Wavelength1A, opt.Wavelength2A ?? 0), lmin = Math.Min(opt.Wavelength1A, opt.Wavelength2A ?? opt.Wavelength1A);
        double gMax = 2 * Math.Sin(Math.Min(ttMax + 3, 179.9) * Math.PI / 360) / lmin;
        double gMin = 2 * Math.Sin(Math.Max(ttMin - 3, 0.01) * Math.PI / 360) / lmax;
        int hmax = (int)Math.Floor(gMax * s.Lattice.A * 1.05) + 1, kmax = (int)Math.Floor(gMax * s.Lattice.B * 1.05) + 1, lmx = (int)Math.Floor(gMax * s.Lattice.C * 1.05) + 1;
        double box = (2.0 * hmax + 1) * (2.0 * kmax + 1) * (2.0 * lmx + 1);
        if (box > 2e6) throw new NitrolyteInputException($"{rp.Name}: {box:0.#e0} (h,k,l) triples in the data range for this cell: too many to refine (limit 2e6; use a smaller 2θ range)");
        var gstar = CellConstraints.ReciprocalMetric(cell.Expand(cell.StartValues));
        // a generic cell with the same constraints: coincidences that survive it are symmetry-required
        var generic = cell.StartValues.Select((v, k) => cell.FreeNames[k].Length == 1 ? v * (1 + 0.0137 * Math.Sqrt(k + 2)) : v + 0.731 * (k + 1)).ToArray();
        var gGen = CellConstraints.ReciprocalMetric(cell.Expand(generic));
        var list = new List<(int[] H, double G2Gen)>();
        for (int h = -hmax; h <= hmax; h++)
        for (int k = -kmax; k <= kmax; k++)
        for (int l = -lmx; l <= lmx; l++)
        {
            if (h == 0 && k == 0 && l == 0) continue;
            double g2 = Q(gstar, h, k, l);
            if (g2 > gMax * gMax || g2 < gMin * gMin) continue;
            list.Add(([h, k, l], Q(gGen, h, k, l)));
        }
        list.Sort((a, b) => a.G2Gen.CompareTo(b.G2Gen));
        var groupsHkl = new List<List<int[]>>();
        double last = double.NaN;
        foreach (var (h, g2) in list)
        {
            if (groupsHkl.Count > 0 && Math.Abs(g2 - last) <= 1e-9 * g2) groupsHkl[^1].Add(h);
            else { groupsHkl.Add([h]); last = g2; }
        }
        int ns = sites.Count;
        var groups = new List<ReflectionGroup>();
        // test weights for systematic absences: arbitrary, unequal per site
        var testW = Enumerable.Range(0, ns).Select(i => 1 + 0.61803398875 * ((i * 7 + 3) % 11)).ToArray();
        foreach (var gh in groupsHkl)
        {
            var re = new double[gh.Count * ns];
            var im = new double[gh.Count * ns];
            double test = 0;
            for (int j = 0; j < gh.Count; j++)
            {
                var h = gh[j];
                double fr = 0, fi = 0;
                for (int si = 0; si < ns; si++)
                {
                    double sr = 0, sim = 0;
                    foreach (var r in testPos[si])
                    {
                        double ph = 2 * Math.PI * (h[0] * r[0] + h[1] * r[1] + h[2] * r[2]);
                        sr += Math.Cos(ph); sim += Math.Sin(ph);
                    }
                    re[j * ns + si] = sr; im[j * ns + si] = sim;
                    fr += testW[si] * sr; fi += testW[si] * sim;
                }
                test += fr * fr + fi * fi;
            }
            double norm = testW.Select((w, i) => w * sites[i].Positions).Sum();
            var rep = gh.Select((h, j) => (h, j)).OrderByDescending(t => t.h[0]).ThenByDescending(t => t.h[1]).ThenByDescending(t => t.h[2]).First().j;
            groups.Add(new ReflectionGroup { Hkl = gh.ToArray(), SRe = re, SIm = im, Allowed = test > 1e-8 * norm * norm * gh.Count, RepIndex = rep });
        }
        var model = new PhaseModel
        {
            Name = rp.Name, Start = s, Cell = cell, Sites = sites, Groups = groups, ElementSymbols = elements,
            Xray = opt.Neutron ? elements.Select(_ => (ScatteringFactors.XrayCoefficients?)null).ToArray() : elements.Select(e => (ScatteringFactors.XrayCoefficients?)ScatteringFactors.XrayFor(e)).ToArray(),
            NeutronFm = opt.Neutron ? elements.Select(ScatteringFactors.NeutronLengthFm).ToArray() : new double[elements.Length],
            FPrime = elements.Select(e => Anom(e).Fp).ToArray(), FDoublePrime = elements.Select(e => Anom(e).Fpp).ToArray(),
        };
        model.Notes.AddRange(coordNotes);
        foreach (var w in matches) model.CoordinateMatches.Add(w);
        for (int si = 0; si < sites.Count; si++)
            if (sites[si].Free is { } fc)
            {
                fc.Cached = fc.Axes.Select(ax => fc.R0[ax]).ToArray();
                sites[si].Pos = fc.Positions(fc.Cached);
                UpdateSite(model, si);
            }
        return model;
        (double Fp, double Fpp) Anom(string e)
        {
            if (opt.Neutron || !opt.AnomalousDispersion) return (0, 0);
            var a = ScatteringFactors.AnomalousFor(e, opt.Wavelength1A)
                    ?? throw new NitrolyteInputException($"anomalous dispersion: no f′, f″ for {e} at λ = {opt.Wavelength1A:0.#####} Å (tabulated for {string.Join(" ", ScatteringFactors.AnomalousElements)} between 0.28 and 3.5 Å); refine without it");
            return (a.FPrime, a.FDoublePrime);
        }
    }

    /// <summary>Marks the sites named in <paramref name="wanted"/> (labels, elements or "all") for coordinate refinement; returns the names matched.</summary>
    private static List<string> SelectFree(RefinementPhase rp, List<SiteGroup> sites, IReadOnlyList<string> wanted, List<string> notes)
    {
        bool all = wanted.Any(w => w.Equals("all", StringComparison.OrdinalIgnoreCase));
        var matched = new List<string>();
        var chosen = new List<SiteGroup>();
        foreach (var sg in sites)
        {
            var names = wanted.Where(w => string.Equals(w, sg.Label, StringComparison.OrdinalIgnoreCase) || sg.Elements.Contains(w, StringComparer.OrdinalIgnoreCase)).ToList();
            matched.AddRange(names);
            if (all || names.Count > 0) chosen.Add(sg);
        }
        if (chosen.Count == 0) return matched;
        var ops = rp.Operations;
        if (ops is null)
        {
            ops = SiteSymmetry.FromStructure(rp.Structure);
            notes.Add($"{rp.Name}: symmetry operations derived from the expanded structure ({ops.Count} operations), the source gave none");
        }
        var skipped = new List<string>();
        foreach (var sg in chosen)
        {
            // "all" skips the special positions; a site named explicitly is refused with its name
            // the representative: the position nearest to the source's row for this label (mod 1), else the first
            var row = rp.AsymmetricUnit is { } au && au.TryGetValue(rp.Structure.Sites[sg.SiteIndices[0]].Label, out var xyz) ? xyz : null;
            int rep = row is null ? 0 : Enumerable.Range(0, sg.Pos.Length).MinBy(j => Enumerable.Range(0, 3).Sum(i => { double d = sg.Pos[j][i] - row[i]; d -= Math.Round(d); return d * d; }));
            var fc = SiteSymmetry.Analyse(rp.Name, sg.Label, sg.Pos, ops, refuseSpecial: !all || wanted.Any(w => w.Equals(sg.Label, StringComparison.OrdinalIgnoreCase)), representative: rep);
            if (fc is null) { skipped.Add(sg.Label); continue; }
            sg.Free = fc;
        }
        if (skipped.Count > 0) notes.Add($"{rp.Name}: no free coordinate (special positions), held: {string.Join(", ", skipped)}");
        return matched;
    }

    /// <summary>Recomputes Σ_positions exp(2πi h·r) of site <paramref name="si"/> for every reflection from its current positions.</summary>
    private static void UpdateSite(PhaseModel ph, int si)
    {
        int ns = ph.Sites.Count;
        var pos = ph.Sites[si].Pos;
        foreach (var g in ph.Groups)
        {
            if (!g.Allowed) continue;
            for (int j = 0; j < g.Hkl.Length; j++)
            {
                var h = g.Hkl[j];
                double sr = 0, sim = 0;
                foreach (var r in pos)
                {
                    double a = 2 * Math.PI * (h[0] * r[0] + h[1] * r[1] + h[2] * r[2]);
                    sr += Math.Cos(a); sim += Math.Sin(a);
                }
                g.SRe[j * ns + si] = sr; g.SIm[j * ns + si] = sim;
            }
        }
    }

    /// <summary>Brings the positions of coordinate-refined sites to the values in p.</summary>
    private static void UpdatePositions(PhaseModel ph, double[] p)
    {
        for (int si = 0; si < ph.Sites.Count; si++)
        {
            if (ph.Sites[si].Free is not { ParamIdx.Length: > 0 } fc) continue;
            bool same = true;
            for (int a = 0; a < fc.K; a++) same &= fc.Cached[a] == p[fc.ParamIdx[a]];
            if (same) continue;
            fc.Cached = fc.ParamIdx.Select(i => p[i]).ToArray();
            ph.Sites[si].Pos = fc.Positions(fc.Cached);
            UpdateSite(ph, si);
        }
    }

    internal static double Q(double[,] g, int h, int k, int l) =>
        g[0, 0] * h * h + g[1, 1] * k * k + g[2, 2] * l * l + 2 * (g[0, 1] * h * k + g[0, 2] * h * l + g[1, 2] * k * l);

    /// <summary>Σ_{hkl in group} |F|² at d-spacing d (one value per group).</summary>
    internal double GroupF2(PhaseModel ph, ReflectionGroup g, double s2, double[] p, double[] fEl, double[] tSite, double[]? tSiteIm = null)
    {
        for (int e = 0; e < ph.ElementSymbols.Length; e++) fEl[e] = Options.Neutron ? ph.NeutronFm[e] : ph.Xray[e]!.F0(s2) + ph.FPrime[e];
        bool anomalous = tSiteIm is not null && !Options.Neutron && Options.AnomalousDispersion;
        int ns = ph.Sites.Count;
        for (int si = 0; si < ns; si++)
        {
            var site = ph.Sites[si];
            double f = 0, fi = 0;
            for (int e = 0; e < site.Elements.Length; e++)
            {
                double w = site.BaseOccupancy[e] / site.BaseTotal;
                f += w * fEl[site.ElementIndex[e]];
                if (anomalous) fi += w * ph.FDoublePrime[site.ElementIndex[e]];
            }
            double t = p[site.OccIdx] * Math.Exp(-p[site.BisoIdx] * s2);
            tSite[si] = t * f;
            if (anomalous) tSiteIm![si] = t * fi;
        }
        double sum = 0;
        int nh = g.Hkl.Length;
        for (int j = 0; j < nh; j++)
        {
            double fr = 0, fim = 0;
            for (int si = 0; si < ns; si++)
            {
                double c = g.SRe[j * ns + si], sn = g.SIm[j * ns + si];
                fr += tSite[si] * c; fim += tSite[si] * sn;
                // f = f0 + f′ + i f″: (t_r + i t_i)(c + i s)
                if (anomalous) { fr -= tSiteIm![si] * sn; fim += tSiteIm[si] * c; }
            }
            sum += fr * fr + fim * fim;
        }
        return sum;
    }

    public double Lp(double thetaRad)
    {
        double s = Math.Sin(thetaRad), c = Math.Cos(thetaRad);
        double pol = !Options.Neutron && Options.XrayPolarisation ? 1 + Math.Pow(Math.Cos(2 * thetaRad), 2) : 1;
        return pol / (s * s * c);
    }

    /// <summary>One peak as seen by the calculation: phase, group, centre (Kα1), area (Kα1).</summary>
    internal readonly record struct PeakInfo(int Phase, int Group, double CentreDeg, double Area, double DA);

    /// <summary>The calculated pattern (and optionally its background and the peak list) for parameter values p.</summary>
    public int Evaluations { get; private set; }

    public void Calculate(double[] p, double[] yc, double[]? bg = null, List<PeakInfo>? peaks = null, int onlyPhase = -1, int onlyGroupPhase = -1, int onlyGroup = -1)
    {
        Evaluations++;
        int n = X.Length;
        int nb = BgIdx.Length;
        for (int i = 0; i < n; i++)
        {
            double b = 0;
            for (int j = 0; j < nb; j++) b += p[BgIdx[j]] * Cheb[i, j];
            yc[i] = b;
            if (bg is not null) bg[i] = b;
        }
        var prof = new PeakProfile(p[ProfileIdx[0]], p[ProfileIdx[1]], p[ProfileIdx[2]], p[ProfileIdx[3]], p[ProfileIdx[4]]);
        double zero = p[ZeroIdx], disp = p[DispIdx];
        double l1 = Options.Wavelength1A, l2 = Options.Wavelength2A ?? 0, ratio = Options.Wavelength2A is null ? 0 : Options.Ka2Ratio;
        for (int pi = 0; pi < Phases.Count; pi++)
        {
            if (onlyPhase >= 0 && pi != onlyPhase) continue;
            var ph = Phases[pi];
            UpdatePositions(ph, p);
            var cellFree = ph.CellIdx.Select(i => p[i]).ToArray();
            var gstar = CellConstraints.ReciprocalMetric(ph.Cell.Expand(cellFree));
            var fEl = new double[ph.ElementSymbols.Length];
            var tSite = new double[ph.Sites.Count];
            var tSiteIm = new double[ph.Sites.Count];
            double scale = ph.ScaleIdx >= 0 ? p[ph.ScaleIdx] : 1;
            for (int gi = 0; gi < ph.Groups.Count; gi++)
            {
                if (onlyGroup >= 0 && (pi != onlyGroupPhase || gi != onlyGroup)) continue;
                var g = ph.Groups[gi];
                if (!g.Allowed) continue;
                var h = g.Hkl[0];
                double inv2 = Q(gstar, h[0], h[1], h[2]);
                double dInv = Math.Sqrt(inv2);
                double s1 = l1 * dInv / 2;
                if (s1 >= 1) continue;
                double th1 = Math.Asin(s1);
                double area1;
                double f2 = 0;
                if (Options.Mode == RefinementMode.LeBail) area1 = ph.LeBail[gi];
                else
                {
                    f2 = GroupF2(ph, g, inv2 / 4, p, fEl, tSite, tSiteIm);
                    area1 = scale * f2 * Lp(th1);
                }
                double c1 = 2 * th1 * 180 / Math.PI + zero + disp * Math.Cos(th1);
                peaks?.Add(new PeakInfo(pi, gi, c1, area1, 1 / dInv));
                AddPeak(yc, c1, area1, prof.At(th1));
                if (ratio > 0)
                {
                    double s2v = l2 * dInv / 2;
                    if (s2v >= 1) continue;
                    double th2 = Math.Asin(s2v);
                    double area2 = Options.Mode == RefinementMode.LeBail ? ratio * area1 : ratio * scale * f2 * Lp(th2);
                    AddPeak(yc, 2 * th2 * 180 / Math.PI + zero + disp * Math.Cos(th2), area2, prof.At(th2));
                }
            }
        }
    }

    private void AddPeak(double[] yc, double centre, double area, (double Fwhm, double Eta) shape)
    {
        if (area == 0) return;
        var w = PeakProfile.Windowed.Of(shape);
        int lo = LowerBound(X, centre - w.Half), hi = LowerBound(X, centre + w.Half);
        for (int i = lo; i < hi; i++) yc[i] += area * w.Value(X[i] - centre);
    }

    internal static int LowerBound(double[] x, double v)
    {
        int lo = 0, hi = x.Length;
        while (lo < hi) { int mid = (lo + hi) >> 1; if (x[mid] < v) lo = mid + 1; else hi = mid; }
        return lo;
    }

    /// <summary>Le Bail step: I_k ← I_k Σ_i Ω_ik (y_o − b)/(y_c − b) / Σ_i Ω_ik, with Ω the peak's profile (both lines).</summary>
    public void LeBailIterate(double[] p, int iterations)
    {
        int n = X.Length;
        var yc = new double[n];
        var bg = new double[n];
        var prof = new PeakProfile(p[ProfileIdx[0]], p[ProfileIdx[1]], p[ProfileIdx[2]], p[ProfileIdx[3]], p[ProfileIdx[4]]);
        double zero = p[ZeroIdx], disp = p[DispIdx];
        double l1 = Options.Wavelength1A, l2 = Options.Wavelength2A ?? 0, ratio = Options.Wavelength2A is null ? 0 : Options.Ka2Ratio;
        for (int it = 0; it < iterations; it++)
        {
            Calculate(p, yc, bg);
            for (int pi = 0; pi < Phases.Count; pi++)
            {
                var ph = Phases[pi];
                var gstar = CellConstraints.ReciprocalMetric(ph.Cell.Expand(ph.CellIdx.Select(i => p[i]).ToArray()));
                var next = new double[ph.Groups.Count];
                for (int gi = 0; gi < ph.Groups.Count; gi++)
                {
                    var g = ph.Groups[gi];
                    if (!g.Allowed) continue;
                    var h = g.Hkl[0];
                    double dInv = Math.Sqrt(Q(gstar, h[0], h[1], h[2]));
                    double num = 0, den = 0;
                    for (int line = 0; line < (ratio > 0 ? 2 : 1); line++)
                    {
                        double sv = (line == 0 ? l1 : l2) * dInv / 2;
                        if (sv >= 1) continue;
                        double th = Math.Asin(sv);
                        var shape = PeakProfile.Windowed.Of(prof.At(th));
                        double c = 2 * th * 180 / Math.PI + zero + disp * Math.Cos(th);
                        double wgt = line == 0 ? 1 : ratio;
                        int lo = LowerBound(X, c - shape.Half), hi = LowerBound(X, c + shape.Half);
                        for (int i = lo; i < hi; i++)
                        {
                            double om = wgt * shape.Value(X[i] - c);
                            double peakSum = yc[i] - bg[i];
                            den += om;
                            if (peakSum > 1e-12) num += om * (Yo[i] - bg[i]) / peakSum;
                        }
                    }
                    next[gi] = den > 0 ? Math.Max(ph.LeBail[gi] * num / den, 0) : 0;
                }
                ph.LeBail = next;
            }
        }
    }
}
