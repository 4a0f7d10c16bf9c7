using System.Text.Json.Nodes;
using Nitrolyte.Dynamics;

namespace Nitrolyte.Reports;

/// <summary>
/// The one JSON shape of molecular-dynamics results (`md msd|arrhenius --json`, the evaluation's md step and the
/// web workbench): snake_case keys with units; the domain records stay free of serialisation (issue 15).
/// </summary>
public static class DynamicsJson
{
    /// <summary>The JSON of `md msd --json` (contract keys plus details). The MSD curve is thinned to at most
    /// <paramref name="maxMsdPoints"/> evenly spaced lags.</summary>
    public static JsonObject MsdAnalysis(MdAnalysisResult r, int maxMsdPoints = 500)
    {
        int n = r.FrameCount;
        int step = Math.Max(1, (int)Math.Ceiling(n / (double)maxMsdPoints));
        var lags = Enumerable.Range(0, (n + step - 1) / step).Select(k => k * step).Where(l => l < n).ToList();
        JsonArray Arr(IEnumerable<double> v) => Json.Array(v);
        static JsonNode? N(double? v) => Json.Number(v);
        JsonObject Fit(DiffusivityResult d) => new()
        {
            ["diffusivity_cm2_per_s"] = N(d.DCm2PerS), ["diffusivity_stderr_cm2_per_s"] = N(d.DStdErrCm2PerS),
            ["dimensions"] = d.Dimensions, ["slope_a2_per_ps"] = N(d.SlopeA2PerPs), ["intercept_a2"] = N(d.InterceptA2),
            ["fit_points"] = d.FitPoints, ["walkers"] = d.Walkers, ["effective_independent_observations"] = N(d.EffectiveObservations),
            ["reduced_chi_squared"] = N(d.ReducedChiSquared), ["model_stderr_cm2_per_s"] = N(d.ModelStdErrCm2PerS), ["stderr_scaled_by_chi2"] = d.StdErrScaledByChiSquared, ["ols_stderr_cm2_per_s"] = N(d.OlsStdErrCm2PerS), ["method"] = d.Method,
        };
        var o = new JsonObject
        {
            ["species"] = r.Species,
            ["n_ions"] = r.IonCount,
            ["n_frames"] = r.FrameCount,
            ["timestep_fs"] = N(r.Options.TimestepFs),
            ["stride"] = r.Options.Stride,
            ["frame_interval_fs"] = N(r.Options.FrameIntervalFs),
            ["duration_ps"] = N(r.DurationPs),
            ["temperature_k"] = N(r.Options.TemperatureK),
            ["diffusivity_cm2_per_s"] = N(r.Tracer.DCm2PerS),
            ["diffusivity_stderr_cm2_per_s"] = N(r.Tracer.DStdErrCm2PerS),
            ["fit_window_ps"] = Arr([r.Tracer.Window.StartPs, r.Tracer.Window.EndPs]),
            ["effective_independent_observations"] = N(r.Tracer.EffectiveObservations),
            ["reduced_chi_squared"] = N(r.Tracer.ReducedChiSquared),
            ["conductivity_s_per_cm"] = N(r.ConductivitySPerCm),
            ["conductivity_stderr_s_per_cm"] = N(r.ConductivityStdErrSPerCm),
            ["collective_diffusivity_cm2_per_s"] = N(r.Collective.DCm2PerS),
            ["collective_diffusivity_stderr_cm2_per_s"] = N(r.Collective.DStdErrCm2PerS),
            ["collective_conductivity_s_per_cm"] = N(r.CollectiveConductivitySPerCm),
            ["collective_conductivity_stderr_s_per_cm"] = N(r.CollectiveConductivityStdErrSPerCm),
            ["haven_ratio"] = N(r.HavenRatio),
            ["haven_ratio_stderr"] = N(r.HavenRatioStdErr),
            ["haven_ratio_determined"] = r.HavenRatioDetermined,
            ["charge_e"] = N(r.Charge),
            ["volume_a3"] = N(r.VolumeA3),
            ["variable_cell"] = r.VariableCell,
            ["max_frame_step_a"] = N(r.MaxFrameStepA),
            ["drift_correction"] = r.Options.Drift.ToString(),
            ["directional"] = new JsonObject
            {
                ["x"] = Fit(r.Directional[0]), ["y"] = Fit(r.Directional[1]), ["z"] = Fit(r.Directional[2]),
            },
            ["tracer_fit"] = Fit(r.Tracer),
            ["block_average"] = r.Blocks is null ? null : new JsonObject
            {
                ["blocks"] = r.Blocks.Count, ["diffusivity_cm2_per_s"] = N(r.Blocks.DCm2PerS), ["diffusivity_stderr_cm2_per_s"] = N(r.Blocks.DStdErrCm2PerS),
                ["block_diffusivities_cm2_per_s"] = Arr(r.Blocks.BlockDCm2PerS),
            },
            ["collective_fit"] = Fit(r.Collective),
            ["msd"] = new JsonObject
            {
                ["t_ps"] = Arr(lags.Select(l => r.Msd.TimePs(l))),
                ["msd_a2"] = Arr(lags.Select(l => r.Msd.Total[l])),
                ["msd_x_a2"] = Arr(lags.Select(l => r.Msd.Directional[0][l])),
                ["msd_y_a2"] = Arr(lags.Select(l => r.Msd.Directional[1][l])),
                ["msd_z_a2"] = Arr(lags.Select(l => r.Msd.Directional[2][l])),
                ["mscd_a2"] = Arr(lags.Select(l => r.Msd.Collective[l])),
            },
            ["warnings"] = new JsonArray(r.Warnings.Select(w => (JsonNode?)JsonValue.Create(w)).ToArray()),
            ["provenance"] = Json.ToNode(r.Provenance),
        };
        return o;
    }

    /// <summary>One temperature of an MD Arrhenius series.</summary>
    public static JsonObject Point(MdTemperaturePoint p) => new()
    {
        ["temperature_k"] = Json.Number(p.TemperatureK), ["d_cm2_per_s"] = Json.Number(p.DCm2PerS), ["d_stderr_cm2_per_s"] = Json.Number(p.DStdErrCm2PerS),
        ["sigma_s_per_cm"] = Json.Number(p.SigmaSPerCm), ["sigma_stderr_s_per_cm"] = Json.Number(p.SigmaStdErrSPerCm),
        ["ions"] = p.Ions, ["volume_a3"] = Json.Number(p.VolumeA3), ["label"] = p.Label,
    };

    public static JsonArray Points(IEnumerable<MdTemperaturePoint> points) => new(points.Select(p => (JsonNode?)Point(p)).ToArray());

    /// <summary>The JSON of `md arrhenius --json` (contract keys first).</summary>
    public static JsonObject Arrhenius(MdArrheniusSummary s) => new()
    {
        ["ea_ev"] = Json.Number(s.EaEV), ["ea_stderr_ev"] = Json.Number(s.EaStdErrEV),
        ["sigma_300k_s_per_cm"] = Json.Number(s.Sigma300KSPerCm), ["sigma_300k_ci95_s_per_cm"] = Json.Array(s.Sigma300KCi95SPerCm),
        ["d_300k_cm2_per_s"] = Json.Number(s.D300KCm2PerS), ["d_300k_ci95_cm2_per_s"] = Json.Array(s.D300KCi95Cm2PerS),
        ["log10_d0_cm2_per_s"] = Json.Number(s.Log10D0), ["log10_d0_stderr"] = Json.Number(s.Log10D0StdErr),
        ["fitted_quantity"] = s.FittedQuantity, ["n_temperatures"] = s.NTemperatures,
        ["t_min_k"] = Json.Number(s.TMinK), ["t_max_k"] = Json.Number(s.TMaxK),
        ["extrapolated"] = s.Extrapolated, ["simulated"] = s.Simulated,
        ["points"] = Points(s.Points),
    };

    public static JsonObject PymatgenCompatible(PymatgenDiffusionResult q, string smoothing, bool weighted) => new()
    {
        ["smoothing"] = smoothing, ["weighted"] = weighted, ["diffusivity_cm2_per_s"] = q.DCm2PerS, ["diffusivity_std_dev_cm2_per_s"] = q.DStdDevCm2PerS,
        ["conductivity_ms_per_cm"] = q.ConductivityMSPerCm, ["conductivity_std_dev_ms_per_cm"] = q.ConductivityStdDevMSPerCm,
        ["chg_diffusivity_cm2_per_s"] = q.ChargeDCm2PerS, ["chg_conductivity_ms_per_cm"] = q.ChargeConductivityMSPerCm,
        ["haven_ratio"] = q.HavenRatio, ["conductivity_components_ms_per_cm"] = Json.Array(q.ConductivityComponentsMSPerCm),
        ["fit_window_ps"] = Json.Array([q.TimeFs[0] / 1000, q.TimeFs[^1] / 1000]), ["n_lags"] = q.LagFrames.Length,
    };

    public static JsonObject Density(ProbabilityDensityResult pd, string sp, string? cubePath) => new()
    {
        ["species"] = sp, ["n_ions"] = pd.Ions, ["n_frames"] = pd.Frames, ["grid"] = new JsonArray(pd.NA, pd.NB, pd.NC),
        ["spacing_a"] = pd.SpacingA, ["max_density_per_a3"] = pd.Max, ["integral"] = pd.Integral,
        ["mean_density_per_a3"] = 1 / pd.Lattice.VolumeA3, ["cube_file"] = cubePath,
    };

    public static JsonObject VanHove(VanHoveResult vh, string species, string reference)
    {
        JsonArray Rows(double[,] z)
        {
            var a = new JsonArray();
            for (int k = 0; k < z.GetLength(0); k++) a.Add(Json.Array(Enumerable.Range(0, z.GetLength(1)).Select(j => z[k, j])));
            return a;
        }
        return new JsonObject
        {
            ["species"] = species, ["reference_species"] = reference, ["n_ions"] = vh.Ions, ["origins"] = vh.Origins,
            ["r_a"] = Json.Array(vh.RA), ["t_ps"] = Json.Array(vh.TimePs),
            ["self_part_per_a"] = Rows(vh.SelfPart), ["distinct_part"] = Rows(vh.DistinctPart),
        };
    }
}
