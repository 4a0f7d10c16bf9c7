using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nitrolyte.Core;
using Nitrolyte.Diffraction.Refinement;

namespace Nitrolyte.Formats.Diffraction;

/// <summary>
/// The instrument file (JSON) written by <c>xrd refine --save-instrument</c> and read by <c>--instrument</c>:
/// <c>{"format":"nitrolyte-instrument","version":1,"u_deg2","v_deg2","w_deg2","x_deg","y_deg","zero_deg",
/// "wavelength1_a","wavelength2_a","ka2_ratio","radiation","polarisation", …s.u. and the standard's provenance}</c>.
/// Unknown keys are ignored; a missing profile term, zero or wavelength is refused naming the key.
/// </summary>
public static class InstrumentFile
{
    public const string FormatName = "nitrolyte-instrument";

    public static string ToText(InstrumentProfile i)
    {
        var o = new JsonObject
        {
            ["format"] = FormatName, ["version"] = 1,
            ["u_deg2"] = i.Profile.U, ["v_deg2"] = i.Profile.V, ["w_deg2"] = i.Profile.W, ["x_deg"] = i.Profile.X, ["y_deg"] = i.Profile.Y,
            ["u_stderr_deg2"] = i.ProfileStdErr[0], ["v_stderr_deg2"] = i.ProfileStdErr[1], ["w_stderr_deg2"] = i.ProfileStdErr[2],
            ["x_stderr_deg"] = i.ProfileStdErr[3], ["y_stderr_deg"] = i.ProfileStdErr[4],
            ["zero_deg"] = i.ZeroDeg, ["zero_stderr_deg"] = i.ZeroStdErrDeg,
            ["wavelength1_a"] = i.Wavelength1A, ["wavelength2_a"] = i.Wavelength2A, ["ka2_ratio"] = i.Wavelength2A is null ? null : i.Ka2Ratio,
            ["radiation"] = i.Neutron ? "neutron" : "xray", ["polarisation"] = i.XrayPolarisation,
            ["standard_displacement_deg"] = i.StandardDisplacementDeg,
            ["standard_file"] = i.StandardFile, ["standard_phase"] = i.StandardPhase, ["standard_rwp"] = i.StandardRwp,
            ["two_theta_min_deg"] = i.TwoThetaMinDeg, ["two_theta_max_deg"] = i.TwoThetaMaxDeg,
            ["note"] = "profile: TCH pseudo-Voigt, Gaussian FWHM^2 = U tan^2(theta) + V tan(theta) + W, Lorentzian FWHM = X/cos(theta) + Y tan(theta), degrees 2theta; peak positions 2theta + zero (+ the specimen's own displacement D cos(theta), not part of the instrument)",
        };
        return o.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    public static InstrumentProfile Read(string path)
    {
        if (!File.Exists(path)) throw new NitrolyteFormatException(path, "instrument file not found");
        JsonNode? root;
        try { root = JsonNode.Parse(File.ReadAllText(path)); }
        catch (JsonException e) { throw new NitrolyteFormatException(path, $"not a JSON instrument file ({e.Message})"); }
        if (root is not JsonObject o) throw new NitrolyteFormatException(path, "not a JSON object");
        if (o["format"]?.GetValueKind() == JsonValueKind.String && o["format"]!.GetValue<string>() != FormatName)
            throw new NitrolyteFormatException(path, $"format '{o["format"]!.GetValue<string>()}' is not {FormatName}");
        double Req(string key)
        {
            var v = Num(o, key) ?? throw new NitrolyteFormatException(path, $"key '{key}' missing (an instrument file needs u_deg2, v_deg2, w_deg2, x_deg, y_deg, zero_deg, wavelength1_a)");
            return v;
        }
        double? Opt(string key) => Num(o, key);
        double l1 = Req("wavelength1_a");
        if (!(l1 > 0.01 && l1 < 20)) throw new NitrolyteFormatException(path, $"wavelength1_a {l1.ToString(CultureInfo.InvariantCulture)} Å out of range");
        string rad = o["radiation"]?.GetValueKind() == JsonValueKind.String ? o["radiation"]!.GetValue<string>().ToLowerInvariant() : "xray";
        if (rad is not ("xray" or "neutron")) throw new NitrolyteFormatException(path, $"radiation '{rad}': xray or neutron");
        return new InstrumentProfile
        {
            Profile = new PeakProfile(Req("u_deg2"), Req("v_deg2"), Req("w_deg2"), Req("x_deg"), Req("y_deg")),
            ProfileStdErr = [Opt("u_stderr_deg2") ?? 0, Opt("v_stderr_deg2") ?? 0, Opt("w_stderr_deg2") ?? 0, Opt("x_stderr_deg") ?? 0, Opt("y_stderr_deg") ?? 0],
            ZeroDeg = Req("zero_deg"), ZeroStdErrDeg = Opt("zero_stderr_deg") ?? 0,
            Wavelength1A = l1, Wavelength2A = Opt("wavelength2_a"), Ka2Ratio = Opt("ka2_ratio") ?? 0.5,
            Neutron = rad == "neutron",
            XrayPolarisation = o["polarisation"]?.GetValueKind() is not JsonValueKind.False,
            StandardDisplacementDeg = Opt("standard_displacement_deg"),
            StandardFile = o["standard_file"]?.GetValueKind() == JsonValueKind.String ? o["standard_file"]!.GetValue<string>() : null,
            StandardPhase = o["standard_phase"]?.GetValueKind() == JsonValueKind.String ? o["standard_phase"]!.GetValue<string>() : null,
            StandardRwp = Opt("standard_rwp"), TwoThetaMinDeg = Opt("two_theta_min_deg"), TwoThetaMaxDeg = Opt("two_theta_max_deg"),
        };
    }

    private static double? Num(JsonObject o, string key) =>
        o[key] is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? v.GetValue<double>() : null;
}
