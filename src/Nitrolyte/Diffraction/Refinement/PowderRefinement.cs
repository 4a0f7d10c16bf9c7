using Nitrolyte.Core;
using Nitrolyte.Numerics;
using Nitrolyte.Structures;

namespace Nitrolyte.Diffraction.Refinement;

/// <summary>
/// Le Bail and Rietveld refinement of constant-wavelength powder patterns (SCIENCE.md 11) with the project's
/// Levenberg-Marquardt (Numerics/LevenbergMarquardt), weights w = 1/esd². Le Bail: peak intensities extracted by
/// the Le Bail iteration, alternated with LM on cell, zero, profile and background until Rwp stalls. Rietveld:
/// scale, cell, zero, profile, background, Biso per site and chosen site occupancies, staged (scale and
/// background first) then all together until Rwp stalls. Standard errors are the LM covariance s²(JᵀJ)⁻¹ with
/// s² = χ² = Σw(yo−yc)²/(N−P) (the normal matrix scaled by χ²). Rwp = √(Σw(yo−yc)²/Σw yo²), Rp = Σ|yo−yc|/Σ|yo|,
/// Rexp = √((N−P)/Σw yo²). Weight fractions of mixtures from the scale factors (Hill &amp; Howard 1987):
/// W_p = S_p (ZMV)_p / Σ S(ZMV), ZM being the mass of the refined cell content.
/// </summary>
public static class PowderRefinement
{
    public static PowderRefinementResult Refine(MeasuredPattern pattern, IReadOnlyList<RefinementPhase> phases, RefinementOptions opt)
    {
        if (pattern.Axis != PatternAxis.TwoThetaDeg) pattern = pattern.ToTwoTheta(opt.Wavelength1A);
        var idx = Enumerable.Range(0, pattern.Count).Where(i =>
            (opt.TwoThetaMinDeg is null || pattern.X[i] >= opt.TwoThetaMinDeg) && (opt.TwoThetaMaxDeg is null || pattern.X[i] <= opt.TwoThetaMaxDeg)).ToArray();
        if (idx.Length < 50) throw new NitrolyteInputException($"{pattern.Source}: only {idx.Length} points in the 2θ range: too few to refine");
        return Refine(idx.Select(i => pattern.X[i]).ToArray(), idx.Select(i => pattern.Intensity[i]).ToArray(), idx.Select(i => pattern.Esd[i]).ToArray(), phases, opt);
    }

    public static PowderRefinementResult Refine(double[] x, double[] y, double[] esd, IReadOnlyList<RefinementPhase> phases, RefinementOptions opt)
    {
        if (phases.Count == 0) throw new NitrolyteInputException("no phase to refine");
        if (!(opt.Wavelength1A > 0 && opt.Wavelength1A < 20)) throw new NitrolyteInputException($"wavelength {opt.Wavelength1A} Å out of range");
        if (esd.Any(e => !(e > 0))) throw new NitrolyteInputException("every esd must be positive");
        var model = PowderModel.Build(x, y, esd, phases, opt);
        var p = model.Params.Select(q => q.Value).ToArray();
        var warnings = new List<string>();
        var notes = new List<string>();
        notes.AddRange(model.Phases.SelectMany(ph => ph.Notes));
        if (opt.AnomalousDispersion && !opt.Neutron)
            notes.Add($"anomalous dispersion at E = {ScatteringFactors.EnergyEv(opt.Wavelength1A) / 1000:0.####} keV (λ1), NIST FFAST: " + string.Join("; ", AnomalousTerms(model).Select(t => $"{t.Element} f′ = {t.FPrime:0.###}, f″ = {t.FDoublePrime:0.###}")));
        // starting background: a constant at the 10th percentile of the counts
        var sorted = y.OrderBy(v => v).ToArray();
        p[model.BgIdx[0]] = sorted[(int)(0.1 * (sorted.Length - 1))];
        int cycles = 0;
        string stop;
        double rwp;
        if (opt.Mode == RefinementMode.Rietveld)
        {
            InitialScales(model, p);
            if (opt.RefineCell) CellScan(model, p, notes);
            // stage 1: scale and background; stage 2: + cell, zero, W; then everything until Rwp stalls
            var all = model.Params.Select(q => q.Refine).ToArray();
            var stage1 = model.Params.Select((q, i) => q.Refine && (q.Name.EndsWith("scale", StringComparison.Ordinal) || q.Name.StartsWith("bkg_", StringComparison.Ordinal))).ToArray();
            Fit(model, p, stage1, 30, false);
            var stage2 = model.Params.Select((q, i) => stage1[i] || (all[i] && (model.Phases.Any(ph => ph.CellIdx.Contains(i)) || i == model.ZeroIdx || i == model.DispIdx || i == model.ProfileIdx[2]))).ToArray();
            Fit(model, p, stage2, 30, false);
            rwp = Rwp(model, p);
            stop = "maximum cycles reached";
            for (cycles = 1; cycles <= opt.MaxCycles; cycles++)
            {
                Fit(model, p, all, 60, false);
                double r = Rwp(model, p);
                if (Math.Abs(rwp - r) <= opt.RwpStallFraction * rwp) { stop = $"Rwp stalled (relative change {Math.Abs(rwp - r) / rwp:0.0e0} in cycle {cycles})"; rwp = r; break; }
                rwp = r;
            }
        }
        else
        {
            model.LeBailIterate(p, 10);
            var all = model.Params.Select(q => q.Refine).ToArray();
            var stage = model.Params.Select((q, i) => q.Refine && (q.Name.StartsWith("bkg_", StringComparison.Ordinal) || model.Phases.Any(ph => ph.CellIdx.Contains(i)) || i == model.ZeroIdx || i == model.DispIdx || i == model.ProfileIdx[2])).ToArray();
            Fit(model, p, stage, 20, false);
            model.LeBailIterate(p, 5);
            rwp = Rwp(model, p);
            stop = "maximum cycles reached";
            int stalls = 0;
            for (cycles = 1; cycles <= opt.MaxCycles; cycles++)
            {
                Fit(model, p, all, 30, false);
                model.LeBailIterate(p, 3);
                double r = Rwp(model, p);
                if (Math.Abs(rwp - r) <= opt.RwpStallFraction * rwp) { if (++stalls >= 2) { stop = $"Rwp stalled (relative change {Math.Abs(rwp - r) / rwp:0.0e0} in cycle {cycles})"; rwp = r; break; } }
                else stalls = 0;
                rwp = r;
            }
            notes.Add("Le Bail: standard errors are conditional on the extracted intensities (held at their final values in the last least-squares step)");
        }
        var final = Fit(model, p, model.Params.Select(q => q.Refine).ToArray(), 100, true)!;
        return Assemble(model, p, final, cycles, stop, warnings, notes);
    }

    private static List<(string Element, double FPrime, double FDoublePrime)> AnomalousTerms(PowderModel m) =>
        m.Phases.SelectMany(ph => ph.ElementSymbols.Select((e, i) => (e, ph.FPrime[i], ph.FDoublePrime[i]))).DistinctBy(t => t.e).ToList();

    private static void InitialScales(PowderModel m, double[] p)
    {
        var yc = new double[m.X.Length];
        double b0 = p[m.BgIdx[0]];
        double obs = m.Yo.Sum(v => Math.Max(v - b0, 0));
        // equal share of the net counts for each phase to start with
        foreach (var (ph, k) in m.Phases.Select((ph, k) => (ph, k)))
        {
            if (!m.Params[ph.ScaleIdx].Refine) continue;
            p[ph.ScaleIdx] = 1;
            var save = m.BgIdx.Select(i => p[i]).ToArray();
            foreach (var i in m.BgIdx) p[i] = 0;
            m.Calculate(p, yc, onlyPhase: k);
            for (int j = 0; j < save.Length; j++) p[m.BgIdx[j]] = save[j];
            double calc = yc.Sum();
            p[ph.ScaleIdx] = calc > 0 ? obs / m.Phases.Count / calc : 1;
        }
    }

    /// <summary>
    /// Robust start for the cell: the pattern is computed for cell lengths scaled by 1 + k·δ (|k·δ| ≤ 1 %, δ = 1e-4,
    /// coarser first) and the factor whose linear best fit (scale and constant background) has the smallest
    /// weighted residual is kept, so that LM starts within a peak width of the answer.
    /// </summary>
    private static void CellScan(PowderModel m, double[] p, List<string> notes)
    {
        int n = m.X.Length;
        var yc = new double[n];
        var save = (double[])p.Clone();
        var lengths = m.Phases.SelectMany(ph => ph.CellIdx.Where((_, k) => ph.Cell.FreeNames[k].Length == 1)).ToArray();
        var start = lengths.Select(i => p[i]).ToArray();
        double best = double.PositiveInfinity, bestF = 1;
        double Score(double f)
        {
            for (int k = 0; k < lengths.Length; k++) p[lengths[k]] = start[k] * f;
            foreach (var i in m.BgIdx) p[i] = 0;
            m.Calculate(p, yc);
            // weighted LS for y ≈ c0 + S yc
            double s00 = 0, s01 = 0, s11 = 0, b0 = 0, b1 = 0;
            for (int i = 0; i < n; i++)
            {
                double w = m.SqrtW[i] * m.SqrtW[i];
                s00 += w; s01 += w * yc[i]; s11 += w * yc[i] * yc[i]; b0 += w * m.Yo[i]; b1 += w * m.Yo[i] * yc[i];
            }
            double det = s00 * s11 - s01 * s01;
            if (!(det > 0)) return double.PositiveInfinity;
            double c0 = (b0 * s11 - b1 * s01) / det, sc = (s00 * b1 - s01 * b0) / det;
            if (sc <= 0) return double.PositiveInfinity;
            double r = 0;
            for (int i = 0; i < n; i++) { double d = (m.Yo[i] - c0 - sc * yc[i]) * m.SqrtW[i]; r += d * d; }
            return r;
        }
        for (double f = 0.99; f <= 1.01 + 1e-12; f += 5e-4) { double r = Score(f); if (r < best) { best = r; bestF = f; } }
        double centre = bestF;
        for (double f = centre - 5e-4; f <= centre + 5e-4 + 1e-12; f += 5e-5) { double r = Score(f); if (r < best) { best = r; bestF = f; } }
        Array.Copy(save, p, p.Length);
        for (int k = 0; k < lengths.Length; k++) p[lengths[k]] = start[k] * bestF;
        if (Math.Abs(bestF - 1) > 1e-9) notes.Add($"starting cell lengths scaled by {bestF:0.#####} (grid search over ±1 % before least squares)");
    }

    /// <summary>LM on the parameters flagged in <paramref name="which"/>; updates p.</summary>
    private static LevenbergMarquardtResult? Fit(PowderModel m, double[] p, bool[] which, int maxIter, bool covariance)
    {
        var idx = Enumerable.Range(0, p.Length).Where(i => which[i]).ToArray();
        if (idx.Length == 0) return null;
        int n = m.X.Length, nk = idx.Length;
        var work = (double[])p.Clone();
        var yc = new double[n];
        var yp = new double[n];
        var yPhase = new double[n];
        // background coefficients and scales enter linearly: their derivatives are analytic; the rest by forward differences
        var bgCol = idx.Select(i => Array.IndexOf(m.BgIdx, i)).ToArray();
        var scalePhase = idx.Select(i => m.Phases.FindIndex(ph => ph.ScaleIdx == i)).ToArray();
        void Jac(ReadOnlySpan<double> x, Span<double> r, Span<double> jac)
        {
            for (int k = 0; k < nk; k++) work[idx[k]] = x[k];
            m.ApplyConstraints(work);
            m.Calculate(work, yc);
            for (int i = 0; i < n; i++) r[i] = (m.Yo[i] - yc[i]) * m.SqrtW[i];
            for (int k = 0; k < nk; k++)
            {
                if (bgCol[k] >= 0)
                {
                    for (int i = 0; i < n; i++) jac[i * nk + k] = -m.Cheb[i, bgCol[k]] * m.SqrtW[i];
                    continue;
                }
                if (scalePhase[k] >= 0 && x[k] > 0)
                {
                    var save = m.BgIdx.Select(j => work[j]).ToArray();
                    foreach (var j in m.BgIdx) work[j] = 0;
                    m.Calculate(work, yPhase, onlyPhase: scalePhase[k]);
                    for (int j = 0; j < save.Length; j++) work[m.BgIdx[j]] = save[j];
                    for (int i = 0; i < n; i++) jac[i * nk + k] = -yPhase[i] / x[k] * m.SqrtW[i];
                    continue;
                }
                double xk = x[k];
                double h = 1e-6 * Math.Max(Math.Abs(xk), 0.01);
                work[idx[k]] = xk + h;
                m.ApplyConstraints(work);
                m.Calculate(work, yp);
                for (int i = 0; i < n; i++) jac[i * nk + k] = -(yp[i] - yc[i]) / h * m.SqrtW[i];
                work[idx[k]] = xk;
            }
            m.ApplyConstraints(work);
        }
        var x0 = idx.Select(i => p[i]).ToArray();
        var lo = idx.Select(i => m.Params[i].Lower).ToArray();
        var hi = idx.Select(i => m.Params[i].Upper).ToArray();
        for (int k = 0; k < idx.Length; k++) x0[k] = Math.Clamp(x0[k], double.IsFinite(lo[k]) ? lo[k] + 1e-9 * Math.Max(1, Math.Abs(lo[k])) : x0[k], double.IsFinite(hi[k]) ? hi[k] - 1e-9 * Math.Max(1, Math.Abs(hi[k])) : x0[k]);
        var res = LevenbergMarquardt.Minimize(n, x0, Jac, lo, hi, new LevenbergMarquardtOptions { MaxIterations = maxIter, SkipCovariance = !covariance, FunctionTolerance = 1e-10 });
        for (int k = 0; k < idx.Length; k++) p[idx[k]] = res.X[k];
        m.ApplyConstraints(p);
        return res;
    }

    private static double Rwp(PowderModel m, double[] p)
    {
        var yc = new double[m.X.Length];
        m.Calculate(p, yc);
        double num = 0, den = 0;
        for (int i = 0; i < yc.Length; i++)
        {
            double w = m.SqrtW[i] * m.SqrtW[i];
            num += w * (m.Yo[i] - yc[i]) * (m.Yo[i] - yc[i]);
            den += w * m.Yo[i] * m.Yo[i];
        }
        return Math.Sqrt(num / den);
    }

    private static PowderRefinementResult Assemble(PowderModel m, double[] p, LevenbergMarquardtResult fit, int cycles, string stop, List<string> warnings, List<string> notes)
    {
        int n = m.X.Length;
        var yc = new double[n];
        var bg = new double[n];
        m.Calculate(p, yc, bg);
        double num = 0, den = 0, absd = 0, abso = 0;
        for (int i = 0; i < n; i++)
        {
            double w = m.SqrtW[i] * m.SqrtW[i];
            num += w * (m.Yo[i] - yc[i]) * (m.Yo[i] - yc[i]);
            den += w * m.Yo[i] * m.Yo[i];
            absd += Math.Abs(m.Yo[i] - yc[i]);
            abso += Math.Abs(m.Yo[i]);
        }
        var refinedIdx = Enumerable.Range(0, p.Length).Where(i => m.Params[i].Refine).ToArray();
        int nP = refinedIdx.Length + (m.Options.Mode == RefinementMode.LeBail ? m.Phases.Sum(ph => ph.Groups.Count(g => g.Allowed)) : 0);
        double chi2 = num / Math.Max(n - nP, 1);
        var se = new double[p.Length];
        var cov = fit.Covariance;
        var pos = new int[p.Length];
        Array.Fill(pos, -1);
        for (int k = 0; k < refinedIdx.Length; k++) { pos[refinedIdx[k]] = k; se[refinedIdx[k]] = Math.Sqrt(cov[k, k]); }
        var undetermined = refinedIdx.Where(i => double.IsNaN(se[i])).Select(i => m.Params[i].Name).ToList();
        if (undetermined.Any(x => x.EndsWith("scale", StringComparison.Ordinal)) && undetermined.Any(x => x.Contains("occ_", StringComparison.Ordinal)))
            warnings.Add("the scale and the refined occupancies are not separable (intensities scale as S·t², and a neutral two-site model keeps the occupancy ratio fixed): fix the scale (a calibrated scale) or one site's occupancy");
        if (undetermined.Count > 0)
            warnings.Add($"not determined by the data (standard error undefined): {string.Join(", ", refinedIdx.Where(i => double.IsNaN(se[i])).Select(i => m.Params[i].Name))}");
        double Cov(int i, int j) => pos[i] >= 0 && pos[j] >= 0 ? cov[pos[i], pos[j]] : 0;

        // dependent (charge-neutral) occupancies: t_dep = −Σ q_s t_s / q_dep, variance by propagation
        foreach (var ph in m.Phases.Where(ph => ph.DependentSite >= 0))
        {
            var dep = ph.Sites[ph.DependentSite];
            var coef = ph.Sites.Select((s, k) => k == ph.DependentSite ? 0 : -PowderModel.SiteCharge(s) / PowderModel.SiteCharge(dep)).ToArray();
            double v = 0;
            for (int a = 0; a < coef.Length; a++)
                for (int b = 0; b < coef.Length; b++)
                    if (coef[a] != 0 && coef[b] != 0) v += coef[a] * coef[b] * Cov(ph.Sites[a].OccIdx, ph.Sites[b].OccIdx);
            se[dep.OccIdx] = Math.Sqrt(Math.Max(v, 0));
        }

        // weight fractions (Hill & Howard): W ∝ S · (cell mass) · V
        var zmv = new double[m.Phases.Count];
        var phases = new List<RefinedPhase>();
        for (int k = 0; k < m.Phases.Count; k++)
        {
            var ph = m.Phases[k];
            var cell = ph.Cell.Expand(ph.CellIdx.Select(i => p[i]).ToArray());
            zmv[k] = ph.ScaleIdx >= 0 ? CellMass(ph, p) * CellConstraints.Volume(cell) : 0;
        }
        double sum = m.Phases.Select((ph, k) => ph.ScaleIdx >= 0 ? p[ph.ScaleIdx] * zmv[k] : 0).Sum();
        for (int k = 0; k < m.Phases.Count; k++)
        {
            var ph = m.Phases[k];
            var free = ph.CellIdx.Select(i => p[i]).ToArray();
            var freeErr = ph.CellIdx.Select(i => se[i]).ToArray();
            var cell = ph.Cell.Expand(free);
            var cellErr = ph.Cell.ExpandErrors(freeErr);
            // volume error by finite-difference propagation over the free cell parameters
            var grad = new double[free.Length];
            for (int a = 0; a < free.Length; a++)
            {
                var fp = (double[])free.Clone(); double h = 1e-6 * Math.Abs(free[a]); fp[a] += h;
                var fm = (double[])free.Clone(); fm[a] -= h;
                grad[a] = (CellConstraints.Volume(ph.Cell.Expand(fp)) - CellConstraints.Volume(ph.Cell.Expand(fm))) / (2 * h);
            }
            double vv = 0;
            for (int a = 0; a < free.Length; a++) for (int b = 0; b < free.Length; b++) vv += grad[a] * grad[b] * Cov(ph.CellIdx[a], ph.CellIdx[b]);
            double? wf = null, wfErr = null;
            if (ph.ScaleIdx >= 0 && sum > 0)
            {
                wf = p[ph.ScaleIdx] * zmv[k] / sum;
                double var = 0;
                var g = new double[m.Phases.Count];
                for (int q = 0; q < m.Phases.Count; q++)
                    g[q] = ((q == k ? zmv[k] * sum : 0) - p[ph.ScaleIdx] * zmv[k] * zmv[q]) / (sum * sum);
                for (int a = 0; a < g.Length; a++) for (int b = 0; b < g.Length; b++) var += g[a] * g[b] * Cov(m.Phases[a].ScaleIdx, m.Phases[b].ScaleIdx);
                wfErr = Math.Sqrt(Math.Max(var, 0));
            }
            var occ = new List<RefinedOccupancy>();
            var biso = new List<RefinedBiso>();
            var sites = new List<Site>();
            var coords = new List<RefinedCoordinate>();
            var posSu = new List<(double A, double B, double C)>();
            foreach (var s in ph.Sites)
            {
                double t = s.OccIdx >= 0 ? p[s.OccIdx] : s.BaseTotal;
                double tErr = s.OccIdx >= 0 ? se[s.OccIdx] : 0;
                bool refined = s.OccIdx >= 0 && m.Params[s.OccIdx].Refine;
                bool constrained = ph.DependentSite >= 0 && ph.Sites[ph.DependentSite] == s;
                for (int e = 0; e < s.Elements.Length; e++)
                    occ.Add(new RefinedOccupancy(s.Label, s.Elements[e], t * s.BaseOccupancy[e] / s.BaseTotal, tErr * s.BaseOccupancy[e] / s.BaseTotal, refined, constrained));
                if (t > 1 + 1e-6 && (refined || constrained)) warnings.Add($"{ph.Name} site {s.Label}: refined total occupancy {t:0.####} exceeds 1 (unphysical; check the scattering model or fix Biso)");
                if (s.BisoIdx >= 0)
                {
                    biso.Add(new RefinedBiso(s.Label, p[s.BisoIdx], se[s.BisoIdx], m.Params[s.BisoIdx].Refine));
                    if (p[s.BisoIdx] < 0 && m.Params[s.BisoIdx].Refine) warnings.Add($"{ph.Name} site {s.Label}: negative Biso {p[s.BisoIdx]:0.###} Å² (unphysical; often absorption or a wrong occupancy)");
                }
                var posNow = s.Free is { } fcNow ? fcNow.Positions(fcNow.ParamIdx.Select(i => p[i]).ToArray()) : null;
                var posErr = s.Free is { } fcE ? CoordinateErrors(fcE, Cov) : null;
                for (int j = 0; j < s.SiteIndices.Count; j++)
                {
                    var st = ph.Start.Sites[s.SiteIndices[j]];
                    if (posNow is not null) st = st with { FracA = SymmetryOperation.Wrap(posNow[j][0]), FracB = SymmetryOperation.Wrap(posNow[j][1]), FracC = SymmetryOperation.Wrap(posNow[j][2]) };
                    sites.Add(st with { Species = st.Species.Select(sp => sp with { Occupancy = Math.Min(1, t * sp.Occupancy / s.BaseTotal) }).ToList() });
                    posSu.Add(posErr is null ? (0, 0, 0) : PositionError(s.Free!.OrbitRotation[j], posErr));
                }
                if (s.Free is { } fc)
                {
                    var r = fc.Representative(fc.ParamIdx.Select(i => p[i]).ToArray());
                    coords.Add(new RefinedCoordinate(s.Label, r[0], Math.Sqrt(Math.Max(posErr![0, 0], 0)), r[1], Math.Sqrt(Math.Max(posErr[1, 1], 0)), r[2], Math.Sqrt(Math.Max(posErr[2, 2], 0)),
                        string.Concat(fc.Axes.Select(a => "xyz"[a])), fc.StabiliserOrder, s.Positions));
                }
            }
            var lattice = Lattice.FromParameters(cell[0], cell[1], cell[2], cell[3], cell[4], cell[5]);
            var refinedStructure = new Structure(lattice, sites) { Title = ph.Start.Title, SpaceGroup = ph.Start.SpaceGroup };
            var peaks = new List<PowderModel.PeakInfo>();
            m.Calculate(p, new double[n], null, peaks, onlyPhase: k);
            var refl = peaks.Where(pk => pk.Area > 0 && pk.CentreDeg >= m.X[0] && pk.CentreDeg <= m.X[^1])
                .Select(pk => new RefinedReflection(ph.Groups[pk.Group].Hkl[ph.Groups[pk.Group].RepIndex], ph.Groups[pk.Group].Hkl.Length, pk.CentreDeg, pk.DA, pk.Area)).ToList();
            phases.Add(new RefinedPhase
            {
                Name = ph.Name, CrystalSystem = ph.Cell.CrystalSystem, Cell = cell, CellStdErr = cellErr,
                VolumeA3 = CellConstraints.Volume(cell), VolumeStdErrA3 = Math.Sqrt(Math.Max(vv, 0)),
                Scale = ph.ScaleIdx >= 0 ? p[ph.ScaleIdx] : null, ScaleStdErr = ph.ScaleIdx >= 0 ? se[ph.ScaleIdx] : null,
                WeightFraction = wf, WeightFractionStdErr = wfErr, Occupancies = occ, Biso = biso, Refined = refinedStructure, Reflections = refl,
                Coordinates = coords, PositionStdErr = coords.Count > 0 ? posSu : null,
            });
        }
        var prof = new PeakProfile(p[m.ProfileIdx[0]], p[m.ProfileIdx[1]], p[m.ProfileIdx[2]], p[m.ProfileIdx[3]], p[m.ProfileIdx[4]]);
        double rwp = Math.Sqrt(num / den);
        if (!fit.Converged) warnings.Add($"the final least-squares step did not converge ({fit.StopReason})");
        if (chi2 > 4) warnings.Add($"χ² = {chi2:0.##}: the model does not describe the data within the esd (missing phase, wrong profile, or esd too small)");
        if (m.Params[m.DispIdx].Refine && Math.Abs(p[m.DispIdx]) > 0.5) warnings.Add($"sample-displacement coefficient {p[m.DispIdx]:0.###}° is large (about {Math.Abs(p[m.DispIdx]) * Math.PI / 360 * 240:0.##} mm on a 240 mm goniometer: check the specimen height)");
        if (Math.Abs(p[m.ZeroIdx]) > 0.5) warnings.Add($"zero shift {p[m.ZeroIdx]:0.###}° is large (check the wavelength and the instrument)");
        var corr = fit.Correlation;
        return new PowderRefinementResult
        {
            Mode = m.Options.Mode, Rwp = rwp, Rp = absd / abso, Rexp = Math.Sqrt(Math.Max(n - nP, 1) / den), ChiSquare = chi2,
            ZeroShiftDeg = p[m.ZeroIdx], ZeroShiftStdErrDeg = se[m.ZeroIdx], Profile = prof,
            AnomalousTerms = m.Options.AnomalousDispersion && !m.Options.Neutron ? AnomalousTerms(m) : [],
            DisplacementDeg = p[m.DispIdx], DisplacementStdErrDeg = se[m.DispIdx], DisplacementRefined = m.Params[m.DispIdx].Refine,
            Parameters = m.Params.Select((q, i) => new RefinedValue(q.Name, p[i], se[i], q.Refine)).ToList(),
            RefinedNames = refinedIdx.Select(i => m.Params[i].Name).ToList(), Correlation = corr, Phases = phases,
            TwoThetaDeg = m.X, Observed = m.Yo, Calculated = yc, Background = bg, Cycles = cycles, StopReason = stop,
            Warnings = warnings, Notes = notes, Points = n, RefinedCount = nP, Evaluations = m.Evaluations,
        };
    }

    /// <summary>Covariance (3 × 3) of the representative's x, y, z: B Σ_c Bᵀ, Σ_c the covariance of the free coordinates.</summary>
    private static double[,] CoordinateErrors(FreeCoordinates fc, Func<int, int, double> cov)
    {
        var v = new double[3, 3];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                for (int a = 0; a < fc.K; a++)
                    for (int b = 0; b < fc.K; b++) v[i, j] += fc.Basis[i, a] * fc.Basis[j, b] * cov(fc.ParamIdx[a], fc.ParamIdx[b]);
        return v;
    }

    /// <summary>s.u. of the position R r + T: the square roots of the diagonal of R V Rᵀ.</summary>
    private static (double A, double B, double C) PositionError(int[,] r, double[,] v)
    {
        var d = new double[3];
        for (int i = 0; i < 3; i++)
            for (int k = 0; k < 3; k++)
                for (int l = 0; l < 3; l++) d[i] += r[i, k] * v[k, l] * r[i, l];
        return (Math.Sqrt(Math.Max(d[0], 0)), Math.Sqrt(Math.Max(d[1], 0)), Math.Sqrt(Math.Max(d[2], 0)));
    }

    private static double CellMass(PhaseModel ph, double[] p)
    {
        double mass = 0;
        foreach (var s in ph.Sites)
        {
            double t = s.OccIdx >= 0 ? p[s.OccIdx] : s.BaseTotal;
            for (int e = 0; e < s.Elements.Length; e++)
                mass += s.Positions * t * s.BaseOccupancy[e] / s.BaseTotal * Chemistry.Element.FromSymbol(s.Elements[e]).AtomicWeightGPerMol;
        }
        return mass;
    }

    /// <summary>Parameters of a simulated pattern (for validation and examples).</summary>
    public sealed record SimulationSettings
    {
        public double TwoThetaMinDeg { get; init; } = 10;
        public double TwoThetaMaxDeg { get; init; } = 120;
        public double StepDeg { get; init; } = 0.02;
        public double ZeroDeg { get; init; }
        /// <summary>Sample-displacement coefficient D (deg 2θ; peaks shift by D·cosθ).</summary>
        public double DisplacementDeg { get; init; }
        /// <summary>Scale of each phase (same order as the phases).</summary>
        public IReadOnlyList<double> Scales { get; init; } = [1];
        /// <summary>Chebyshev background coefficients.</summary>
        public IReadOnlyList<double> Background { get; init; } = [100];
        /// <summary>Biso (Å²) per site label (default 1).</summary>
        public IReadOnlyDictionary<string, double>? BisoBySite { get; init; }
        public PeakProfile Profile { get; init; } = new(0.004, -0.002, 0.004, 0.02, 0);
        /// <summary>Poisson noise seed; null = no noise.</summary>
        public int? Seed { get; init; }
    }

    /// <summary>
    /// A powder pattern computed with the refinement's own model from known parameters, with Poisson counting
    /// noise (MathNet's Poisson sampler; Gaussian above 10⁷ counts) when a seed is given; esd = √max(counts, 1).
    /// </summary>
    public static MeasuredPattern Simulate(IReadOnlyList<RefinementPhase> phases, RefinementOptions opt, SimulationSettings sim)
    {
        int n = (int)Math.Floor((sim.TwoThetaMaxDeg - sim.TwoThetaMinDeg) / sim.StepDeg + 1e-9) + 1;
        var x = Enumerable.Range(0, n).Select(i => sim.TwoThetaMinDeg + i * sim.StepDeg).ToArray();
        var o = opt with { Mode = RefinementMode.Rietveld, BackgroundTerms = Math.Max(1, sim.Background.Count), StartProfile = sim.Profile, StartZeroDeg = sim.ZeroDeg, StartDisplacementDeg = sim.DisplacementDeg, StartBisoBySite = sim.BisoBySite };
        var m = PowderModel.Build(x, new double[n], Enumerable.Repeat(1.0, n).ToArray(), phases, o);
        var p = m.Params.Select(q => q.Value).ToArray();
        for (int j = 0; j < m.BgIdx.Length; j++) p[m.BgIdx[j]] = sim.Background[j];
        for (int k = 0; k < m.Phases.Count; k++) p[m.Phases[k].ScaleIdx] = k < sim.Scales.Count ? sim.Scales[k] : 1;
        var y = new double[n];
        m.Calculate(p, y);
        if (sim.Seed is { } seed)
        {
            var rng = new Random(seed);
            for (int i = 0; i < n; i++) y[i] = Poisson(rng, Math.Max(y[i], 0));
        }
        return new MeasuredPattern
        {
            Source = "simulated", Axis = PatternAxis.TwoThetaDeg, X = x, Intensity = y, Esd = MeasuredPattern.CountingEsd(y),
            Wavelength1A = opt.Wavelength1A, Wavelength2A = opt.Wavelength2A, Ka2RatioFromFile = opt.Wavelength2A is null ? null : opt.Ka2Ratio,
            Radiation = opt.Neutron ? "neutron" : "xray", Provenance = ["simulated with PowderRefinement.Simulate"],
        };
    }

    private static double Poisson(Random rng, double mean) =>
        mean <= 0 ? 0 : mean > 1e7 ? Math.Round(mean + Math.Sqrt(mean) * MathNet.Numerics.Distributions.Normal.Sample(rng, 0, 1))
            : MathNet.Numerics.Distributions.Poisson.Sample(rng, mean);
}
