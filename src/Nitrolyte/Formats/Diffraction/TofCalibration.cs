using System.Globalization;
using System.Text.RegularExpressions;
using Nitrolyte.Core;

namespace Nitrolyte.Formats.Diffraction;

/// <summary>Diffractometer constants of a TOF bank: TOF = DIFC·d + DIFA·d² + ZERO (µs, Å; GSAS convention).</summary>
public sealed record TofConstants(double Difc, double Difa, double ZeroUs, string Source);

/// <summary>
/// TOF constants from the command line ("DIFC[,DIFA[,ZERO]]") or from a GSAS instrument parameter file (.prm/.inst/.iparm):
/// the record "INS  n ICONS" of bank n holds DIFC, DIFA and ZERO as its first three numbers (GSAS manual, instrument
/// parameter file). A file without that record for the bank is refused naming the bank.
/// </summary>
public static class TofCalibration
{
    public static TofConstants Parse(string text, int bank = 1)
    {
        if (File.Exists(text)) return FromPrm(text, bank);
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var v = new double[3];
        if (parts.Length is < 1 or > 3) throw new NitrolyteInputException($"--tof-calibration {text}: DIFC[,DIFA[,ZERO]] (µs/Å, µs/Å², µs) or a GSAS instrument parameter file");
        for (int i = 0; i < parts.Length; i++)
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out v[i]))
                throw new NitrolyteInputException($"--tof-calibration {text}: '{parts[i]}' is not a number (and no file of that name exists)");
        if (!(v[0] > 0)) throw new NitrolyteInputException($"--tof-calibration {text}: DIFC must be positive");
        return new TofConstants(v[0], v[1], v[2], "--tof-calibration");
    }

    public static TofConstants FromPrm(string path, int bank)
    {
        var rx = new Regex($@"^INS\s*{bank}\s*ICONS\s+(.*)$", RegexOptions.IgnoreCase);
        foreach (var line in File.ReadLines(path))
        {
            var m = rx.Match(line.TrimEnd());
            if (!m.Success) continue;
            var nums = Regex.Matches(m.Groups[1].Value, @"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?").Select(x => double.Parse(x.Value, CultureInfo.InvariantCulture)).ToArray();
            if (nums.Length < 1 || !(nums[0] > 0)) throw new NitrolyteFormatException(path, $"line '{line.Trim()}': ICONS needs DIFC > 0 first");
            return new TofConstants(nums[0], nums.Length > 1 ? nums[1] : 0, nums.Length > 2 ? nums[2] : 0, $"{path} (INS {bank} ICONS)");
        }
        throw new NitrolyteFormatException(path, $"no 'INS {bank} ICONS' record (DIFC DIFA ZERO of bank {bank})");
    }
}
