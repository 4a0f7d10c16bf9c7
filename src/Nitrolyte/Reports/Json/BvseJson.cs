using System.Text.Json.Nodes;
using Nitrolyte.Migration;

namespace Nitrolyte.Reports;

/// <summary>The JSON form of a BVSE result (the `bvse --json` contract; also the evaluate step's results).</summary>
public static class BvseJson
{
    public static string Conventions(BvseOptions o) => o.DescribeConventions();

    public static JsonObject ToJson(BvseResult r, double requestedSpacing, string? path = null)
    {
        var o = r.Model.Options;
        var ceiling = o.CeilingEV;
        JsonNode? N(double? v) => v is double d ? JsonValue.Create(Math.Round(d, 6)) : null;
        JsonArray Frac(double a, double b, double c) => new(JsonValue.Create(Math.Round(a, 5)), JsonValue.Create(Math.Round(b, 5)), JsonValue.Create(Math.Round(c, 5)));
        var sites = new JsonArray(r.ReportedSites.Select(s => (JsonNode)new JsonObject
            {
                ["id"] = s.Id, ["frac"] = Frac(s.FracA, s.FracB, s.FracC), ["energy_ev"] = N(s.EnergyEV), ["relative_energy_ev"] = N(s.RelativeEnergyEV), ["depth_ev"] = N(s.DepthEV),
            }).ToArray());
        var paths = new JsonArray(r.Pathways.Paths.Select(pa => (JsonNode)new JsonObject
        {
            ["dimension"] = pa.Dimension, ["barrier_ev"] = N(pa.BarrierEV),
            ["winding"] = new JsonArray(pa.Winding.Select(w => (JsonNode)JsonValue.Create(w)).ToArray()),
            ["sites"] = new JsonArray(r.ReportedPathSites(pa).Select(s => (JsonNode)new JsonObject
            {
                ["site"] = s.SiteId, ["frac"] = Frac(s.FracA, s.FracB, s.FracC), ["energy_ev"] = N(s.EnergyEV), ["saddle_to_next_ev"] = N(s.SaddleToNextEV),
            }).ToArray()),
            ["profile_points"] = pa.Profile.Count,
        }).ToArray());
        var sp = r.GridSpacingA;
        return new JsonObject
        {
            ["file"] = path, ["ion"] = o.MobileIon, ["grid_a"] = requestedSpacing,
            ["grid_points"] = new JsonArray(r.Grid.Na, r.Grid.Nb, r.Grid.Nc),
            ["grid_spacing_a"] = new JsonArray(Math.Round(sp.A, 5), Math.Round(sp.B, 5), Math.Round(sp.C, 5)),
            ["barriers_ev"] = new JsonObject { ["1d"] = N(r.Barrier1DEV), ["2d"] = N(r.Barrier2DEV), ["3d"] = N(r.Barrier3DEV) },
            ["axis_barriers_ev"] = new JsonObject { ["a"] = N(r.Percolation.AxisBarriersEV[0]), ["b"] = N(r.Percolation.AxisBarriersEV[1]), ["c"] = N(r.Percolation.AxisBarriersEV[2]) },
            ["minimum_ev"] = N(r.MinimumEV),
            ["ceiling_ev"] = ceiling,
            ["morse_half"] = o.MorseHalf, ["screening"] = o.ScreeningFactor,
            ["conventions"] = Conventions(o),
            ["pairs"] = new JsonArray(r.Model.Pairs.Select(kv => (JsonNode)new JsonObject
            {
                ["pair"] = $"{o.MobileIon}-{kv.Value.Anion}", ["rmin_a"] = Math.Round(kv.Value.RminA, 5), ["d0_ev"] = Math.Round(kv.Value.D0EV, 5),
                ["b_a"] = kv.Value.BA, ["cutoff_a"] = kv.Value.CutoffA,
            }).ToArray()),
            ["cations"] = new JsonArray(r.Model.Cations.Keys.Select(k => (JsonNode)JsonValue.Create(k)).ToArray()),
            ["min_site_depth_ev"] = o.MinSiteDepthEV,
            ["sites"] = sites,
            ["saddles"] = new JsonArray(r.Pathways.Saddles.Where(s => s.RelativeEnergyEV <= (r.Barrier3DEV ?? ceiling) + 1e-9).Take(200).Select(s => (JsonNode)new JsonObject
            {
                ["site_a"] = s.SiteA, ["site_b"] = s.SiteB, ["image"] = new JsonArray(s.Image.Select(i => (JsonNode)JsonValue.Create(i)).ToArray()),
                ["energy_ev"] = N(s.EnergyEV), ["relative_energy_ev"] = N(s.RelativeEnergyEV), ["frac"] = Frac(s.FracA, s.FracB, s.FracC),
            }).ToArray()),
            ["paths"] = paths,
            // the hops of the paths, numbered as `bvse neb --path N` takes them
            ["hops"] = NebJson.Hops(BvseHops.List(r), r),
            ["notes"] = new JsonArray(r.Model.Notes.Select(n => (JsonNode)JsonValue.Create(n)).ToArray()),
            ["timing_s"] = new JsonObject
            {
                ["landscape"] = Math.Round(r.LandscapeTime.TotalSeconds, 4), ["pathways"] = Math.Round(r.PathwayTime.TotalSeconds, 4),
                ["percolation"] = Math.Round(r.PercolationTime.TotalSeconds, 4),
            },
        };
    }

}
