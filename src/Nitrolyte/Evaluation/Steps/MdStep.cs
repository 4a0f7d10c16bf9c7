using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Nitrolyte.Arrhenius;
using Nitrolyte.Core;
using Nitrolyte.Dynamics;
using Nitrolyte.Formats.Trajectories;
using Nitrolyte.Reports;

namespace Nitrolyte.Evaluation.Steps;

/// <summary>
/// MD trajectories (technique "md", "trajectory" or "aimd"): MSD, D ± SE, Nernst–Einstein σ, Haven ratio per
/// file; Arrhenius over the files when a list of temperatures is given (options: species, timestep_fs, stride,
/// temperature_k or temperatures_k, fit_start_ps, fit_end_ps, drift, charge, format, lammps_types, vanhove,
/// density, density_spacing_a, vanhove_origins, vanhove_lag_step, vanhove_rmax_a). van Hove maps and the
/// probability-density isosurface are computed for the hottest trajectory of the entry.
/// </summary>
public sealed class MdStep : IEvaluationStep
{
    public IReadOnlyList<string> Techniques { get; } = ["md", "trajectory", "aimd"];
    /// <summary>Keys read from the data item's options (parsed once into <see cref="MdStepOptions"/>).</summary>
    public IReadOnlyCollection<string> OptionKeys => MdStepOptions.Keys;


    public StepOutcome Run(DataEntry entry, EvaluationContext context)
    {
        var opt = MdStepOptions.Parse(entry);
        string species = opt.Species;
        var temps = opt.TemperaturesK;
        var drift = opt.Drift;
        int hottest = temps is null ? 0 : temps.ToList().IndexOf(temps.Max());
        var results = new List<(string File, MdAnalysisResult R)>();
        VanHoveResult? vh = null; ProbabilityDensityResult? pd = null; DisplacementSet? pdSet = null;
        var section = new ReportSection { Key = $"md-{entry.Index}", Title = $"Molecular dynamics: {entry.DisplayName}" };
        for (int i = 0; i < entry.Files.Count; i++)
        {
            var file = entry.Files[i];
            context.Progress?.Report($"  md: {Path.GetFileName(file)}");
            using var src = TrajectoryReader.Open(file, opt.Format, opt.LammpsTypes);
            var pj = src as PymatgenDiffusionJsonReader;
            double ts = opt.TimestepFs ?? pj?.TimeStepFs ?? throw new NitrolyteInputException($"{entry.DisplayName}: options.timestep_fs is required");
            int stride = opt.Stride ?? pj?.StepSkip ?? 1;
            var o = new MdOptions
            {
                Species = species, TimestepFs = ts, Stride = stride, TemperatureK = temps?[i] ?? pj?.TemperatureK, Drift = drift,
                FitStartPs = opt.FitStartPs, FitEndPs = opt.FitEndPs, Charge = opt.Charge, SkipFrames = opt.SkipFrames,
            };
            o.Validate();
            var set = DisplacementCollector.Collect(src, [species], drift, o.SkipFrames);
            var r = MdAnalysis.Run(set, o, [file], src.Format);
            results.Add((file, r));
            foreach (var w in r.Warnings) section.Warnings.Add($"{Path.GetFileName(file)}: {w}");
            if (i == hottest)
            {
                var ions = set.IonsOf(species);
                if (opt.VanHove)
                {
                    int origins = opt.VanHoveOrigins ?? Math.Min(50, set.FrameCount / 4);
                    int lagStep = opt.VanHoveLagStep ?? Math.Max(1, (set.FrameCount - origins) / 40);
                    vh = VanHoveAnalysis.Compute(set, ions, null, o.FrameIntervalFs, new VanHoveOptions
                    {
                        Origins = Math.Max(1, origins), LagStep = lagStep, RMaxA = opt.VanHoveRMaxA, RadialPoints = 81,
                    });
                }
                if (opt.Density)
                {
                    pd = ProbabilityDensityAnalysis.Compute(set, ions, opt.DensitySpacingA);
                    pdSet = set;
                }
            }
        }

        var json = new JsonObject
        {
            ["species"] = species,
            ["files"] = new JsonArray(results.Select(x =>
            {
                var j = DynamicsJson.MsdAnalysis(x.R, 200);
                j["file"] = Path.GetFileName(x.File);
                return (JsonNode?)j;
            }).ToArray()),
        };
        var pts = results.Where(x => x.R.Options.TemperatureK is not null).Select(x => MdArrhenius.Point(x.R, Path.GetFileName(x.File))).ToList();
        json["md_points"] = DynamicsJson.Points(pts);
        var outcome = new StepOutcome { Results = json, Section = section };

        // table
        section.Paragraphs.Add($"{species} tracer MSD by FFT over all time origins, unwrapped by the minimum image and corrected for framework drift ({drift}). " +
                               "D = slope/6 by generalised least squares over the fit window; the standard error uses a random-walk covariance model of the " +
                               "overlapping windows (see docs/md.md). σ by Nernst–Einstein at the simulation temperature.");
        section.Tables.Add(new ReportTable("Diffusion per trajectory", ["file", "T (K)", "ions × frames", "fit window (ps)", "D (cm²/s)", "σ (S/cm)", "Haven ratio", "χ²/dof"],
            results.Select(x => (IReadOnlyList<string>)[
                Path.GetFileName(x.File), x.R.Options.TemperatureK?.ToString("0", CultureInfo.InvariantCulture) ?? "—",
                $"{x.R.IonCount} × {x.R.FrameCount}", $"{x.R.Tracer.Window.StartPs:0.##}–{x.R.Tracer.Window.EndPs:0.##}",
                $"{x.R.Tracer.DCm2PerS:0.00e+0} ± {x.R.Tracer.DStdErrCm2PerS:0.0e+0}",
                x.R.ConductivitySPerCm is { } s ? $"{s:0.00e+0} ± {x.R.ConductivityStdErrSPerCm:0.0e+0}" : "—",
                x.R.HavenRatioText, $"{x.R.Tracer.ReducedChiSquared:0.0}"]).ToList()));

        // MSD plot with fitted windows, per-direction MSD of the hottest run
        section.Figures.Add(MdPlots.Msd(results, species));
        section.Figures.Add(MdPlots.Directions(results[hottest].R, results[hottest].File));

        // Arrhenius within the entry
        if (pts.Select(p => p.TemperatureK).Distinct().Count() >= 2)
        {
            var (summary, fit) = MdArrhenius.Fit(pts, results[0].R.Charge);
            json["arrhenius"] = DynamicsJson.Arrhenius(summary);
            AddArrhenius(section, outcome, summary, fit, pts, entry.DisplayName);
        }
        outcome.Typed.Add(new MdTemperatureSeries(entry.DisplayName, pts, json["arrhenius"] is not null));

        // van Hove maps
        if (vh is not null)
        {
            json["vanhove"] = new JsonObject { ["t_ps"] = Json.Array(vh.TimePs), ["r_a"] = Json.Array(vh.RA), ["origins"] = vh.Origins };
            section.Figures.Add(new PlotFigure { Title = "van Hove self part G_s(r, t)", XTitle = "r (Å)", YTitle = "t (ps)",
                Caption = "Probability (per Å) that an ion moved a distance r in time t; peaks at the hop distances show site-to-site jumps." }
                .Add(PlotFigure.Heatmap("G_s", vh.RA, vh.TimePs, Clip(vh.SelfPart, 1.0), "G_s (1/Å)")));
            section.Figures.Add(new PlotFigure { Title = "van Hove distinct part G_d(r, t)", XTitle = "r (Å)", YTitle = "t (ps)",
                Caption = "Density of other ions at distance r after time t, relative to the mean (→ 1 at large r); growth at r ≈ 0 means ions take over vacated sites." }
                .Add(PlotFigure.Heatmap("G_d", vh.RA, vh.TimePs, Clip(vh.DistinctPart, 4.0), "G_d")));
        }

        // probability density isosurface
        if (pd is not null && pdSet is not null)
        {
            var cube = CubeFile.FromDensity(pd, pdSet, species);
            var cubeName = $"md_{entry.Index}_{species}_density.cube";
            try { AtomicFile.WriteAllText(Path.Combine(context.OutputDirectory, cubeName), cube); json["density_cube_file"] = cubeName; context.OutputFiles.Add(cubeName); }
            catch (IOException) { }
            double iso = 5.0 / pd.Lattice.VolumeA3; // 5× the uniform density
            json["density"] = new JsonObject { ["grid"] = new JsonArray(pd.NA, pd.NB, pd.NC), ["max_density_per_a3"] = pd.Max, ["isovalue_per_a3"] = iso };
            section.Views.Add(new StructureView
            {
                Title = $"{species} probability density (framework at its time-averaged positions)", ModelFormat = "xyz", ModelText = AveragedXyz(pdSet, pd.Lattice, species),
                CubeText = cube, IsoValue = iso, IsoColor = "#1f77b4", // blue: orange/yellow blended with the P and S spheres (Jmol colours)
                Caption = $"Isosurface at 5× the mean {species} density ({iso:0.000e+0} Å⁻³); where the isosurfaces connect, the ions migrate.",
            });
        }
        return outcome;
    }

    internal static void AddArrhenius(ReportSection section, StepOutcome outcome, MdArrheniusSummary summary, ArrheniusResult fit, IReadOnlyList<MdTemperaturePoint> pts, string source)
    {
        section.Paragraphs.Add($"Arrhenius fit of D over {summary.NTemperatures} temperatures ({summary.TMinK:0}–{summary.TMaxK:0} K): Ea = {summary.EaEV:0.000} ± {summary.EaStdErrEV:0.000} eV; " +
                               $"simulated σ(300 K) = {summary.Sigma300KSPerCm:0.00e+0} S/cm (95 % CI {summary.Sigma300KCi95SPerCm[0]:0.0e+0} – {summary.Sigma300KCi95SPerCm[1]:0.0e+0}), " +
                               "an extrapolation of simulated data, reported separately from measured conductivities and not used in the scorecard.");
        section.Figures.Add(MdPlots.Arrhenius(pts, fit));
        outcome.Metrics.Add(new MetricValue(MetricKeys.SimulatedSigma300K, summary.Sigma300KSPerCm, "S/cm", source, "simulated (MD), Arrhenius-extrapolated to 300 K"));
        outcome.Metrics.Add(new MetricValue(MetricKeys.SimulatedActivationEnergy, summary.EaEV, "eV", source, "simulated (MD diffusivities)"));
    }

    private static double[,] Clip(double[,] z, double max)
    {
        var r = (double[,])z.Clone();
        for (int i = 0; i < r.GetLength(0); i++) for (int j = 0; j < r.GetLength(1); j++) r[i, j] = Math.Min(r[i, j], max);
        return r;
    }

    /// <summary>The time-averaged structure without the mobile species: the mean position of an ion that hops
    /// between sites is a meaningless point that hid the density isosurface under scattered spheres and bonds.
    /// (All atoms when nothing else is left.)</summary>
    private static string AveragedXyz(DisplacementSet set, Structures.Lattice lat, string mobile)
    {
        var shown = Enumerable.Range(0, set.Species.Length).Where(i => set.Species[i] != mobile).ToArray();
        if (shown.Length == 0) shown = Enumerable.Range(0, set.Species.Length).ToArray();
        var sb = new StringBuilder();
        sb.Append(shown.Length).Append('\n').Append("time-averaged framework\n");
        foreach (int i in shown)
        {
            var (fa, fb, fc) = lat.ToFractional(set.MeanCartesianAll[3 * i], set.MeanCartesianAll[3 * i + 1], set.MeanCartesianAll[3 * i + 2]);
            var (x, y, z) = lat.ToCartesian(fa - Math.Floor(fa), fb - Math.Floor(fb), fc - Math.Floor(fc));
            sb.Append(string.Create(CultureInfo.InvariantCulture, $"{set.Species[i]} {x:0.0000} {y:0.0000} {z:0.0000}\n"));
        }
        return sb.ToString();
    }
}

/// <summary>Arrhenius across several single-temperature MD entries of one material.</summary>
public sealed class MdArrheniusMaterialStep : IMaterialStep
{
    public string Key => "md-arrhenius";

    public StepOutcome? Run(EvaluationContext context)
    {
        var series = context.Results.OfType<MdTemperatureSeries>().ToList();
        if (series.Any(x => x.FittedOwnArrhenius)) return null; // an entry already fitted its own series
        var pts = series.SelectMany(x => x.Points).ToList();
        if (pts.Select(p => p.TemperatureK).Distinct().Count() < 2) return null;
        var (summary, fit) = MdArrhenius.Fit(pts, 1);
        var section = new ReportSection { Key = "md-arrhenius", Title = "Molecular dynamics: Arrhenius over temperatures" };
        var outcome = new StepOutcome { Results = DynamicsJson.Arrhenius(summary), Section = section };
        MdStep.AddArrhenius(section, outcome, summary, fit, pts, "MD trajectories");
        return outcome;
    }
}
