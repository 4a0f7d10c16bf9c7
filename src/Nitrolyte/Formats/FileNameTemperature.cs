using System.Globalization;
using System.Text.RegularExpressions;
using Nitrolyte.Core;

namespace Nitrolyte.Formats;

/// <summary>One temperature-looking token of a file name and how it was read.</summary>
/// <param name="Token">The text as it appears in the name, e.g. "-20C", "m20C", "413K", "2C-rate".</param>
/// <param name="TemperatureC">The temperature in °C; null when the token is not a temperature (a C-rate).</param>
/// <param name="Reason">Why a token was not taken as a temperature ("a C-rate"), else null.</param>
public sealed record NameTemperatureToken(string Token, double? TemperatureC, string? Reason);

/// <summary>
/// Temperatures written in file names (`--temperatures-from-names`): "LLZO_25C", "s04147-140deg", "run_413K",
/// "LLZO_-20C" / "LLZO_m20C" / "LLZO_minus20C" (−20 °C), "25degC", "25°C", "25p5C" (25.5 °C).
/// A minus sign counts only at the start of a token (after '_', ' ', '=', '(' ... or the start of the name):
/// in "s04147-140deg" the hyphen separates and the temperature is +140 °C.
/// Only tokens that are temperatures count: "2C-rate", "2C_rate", "2Crate" and a bare "C" after a fractional
/// number up to 10 ("0.5C", "0.1C", "1.5C") are C-rates; "25C" is a temperature. A kelvin value must be
/// positive. When the remaining tokens disagree the name is ambiguous and <see cref="Parse"/> refuses it,
/// listing the candidates.
/// </summary>
public static class FileNameTemperature
{
    // sign: '-', '−' (U+2212), 'm', 'minus', 'neg' at a token start; number with '.', ',' or 'p' as the decimal mark;
    // unit: the Celsius spellings (case-insensitive) or 'K' (upper case only: 'k' is kilo).
    private static readonly Regex Token = new(
        @"(?<![A-Za-z0-9.,])(?<sign>-|−|minus|neg|m)?(?<num>\d+(?:[.,p]\d+)?)\s?(?<unit>(?i:°C|ºC|℃|degC|deg_C|degrees|degree|deg|celsius|°|C)|K)(?![A-Za-z0-9])",
        RegexOptions.Compiled | RegexOptions.CultureInvariant);

    private static readonly Regex RateAfter = new(@"^[-_ ]?(?i:rate)", RegexOptions.Compiled | RegexOptions.CultureInvariant);

    /// <summary>Every temperature-looking token of the file name (extension removed), in order, C-rates included with a reason.</summary>
    public static IReadOnlyList<NameTemperatureToken> Tokens(string path)
    {
        var name = StripExtensions(Path.GetFileName(path));
        var list = new List<NameTemperatureToken>();
        foreach (Match m in Token.Matches(name))
        {
            var sign = m.Groups["sign"].Value;
            var numText = m.Groups["num"].Value;
            var unit = m.Groups["unit"].Value;
            double value = double.Parse(numText.Replace(',', '.').Replace('p', '.'), CultureInfo.InvariantCulture);
            bool negative = sign.Length > 0;
            bool bareC = unit is "C" or "c";
            bool fractional = numText.IndexOfAny(['.', ',', 'p']) >= 0;
            string after = name[(m.Index + m.Length)..];
            if (bareC && !negative && RateAfter.IsMatch(after))
            {
                list.Add(new NameTemperatureToken(m.Value + RateAfter.Match(after).Value, null, "a C-rate"));
                continue;
            }
            if (bareC && !negative && fractional && value <= 10)
            {
                list.Add(new NameTemperatureToken(m.Value, null, "a C-rate (fractional value with a bare C)"));
                continue;
            }
            if (unit == "K")
            {
                if (negative || value <= 0) { list.Add(new NameTemperatureToken(m.Value, null, "not a temperature (kelvin must be positive)")); continue; }
                list.Add(new NameTemperatureToken(m.Value, value - PhysicalConstants.ZeroCelsiusK, null));
                continue;
            }
            double c = negative ? -value : value;
            if (c < -PhysicalConstants.ZeroCelsiusK) { list.Add(new NameTemperatureToken(m.Value, null, "not a temperature (below absolute zero)")); continue; }
            list.Add(new NameTemperatureToken(m.Value, c, null));
        }
        return list;
    }

    /// <summary>
    /// The temperature (°C) in the file name; null when there is none. Throws <see cref="NitrolyteInputException"/>
    /// naming the candidates when the name holds different temperatures.
    /// </summary>
    public static double? Parse(string path)
    {
        var temps = Tokens(path).Where(t => t.TemperatureC is not null).ToList();
        if (temps.Count == 0) return null;
        var distinct = temps.Select(t => Math.Round(t.TemperatureC!.Value, 6)).Distinct().ToList();
        if (distinct.Count > 1)
            throw new NitrolyteInputException(
                $"{Path.GetFileName(path)}: the file name holds more than one temperature ({string.Join(", ", temps.Select(t => $"'{t.Token}' = {t.TemperatureC!.Value.ToString("0.##", CultureInfo.InvariantCulture)} °C"))}); " +
                "give the temperatures explicitly (--temperatures-c or --temperatures-csv; temperatures_c: in a manifest) or rename the file");
        return temps[0].TemperatureC;
    }

    /// <summary>The name without its extension(s): "a_25C.csv.gz" → "a_25C"; "LLZO_0.5C" keeps its ".5C" (not an extension).</summary>
    private static string StripExtensions(string name)
    {
        for (int k = 0; k < 2; k++)
        {
            var ext = Path.GetExtension(name);
            if (ext.Length < 2 || ext.Length > 6 || !ext.Skip(1).All(char.IsAsciiLetter)) break;
            name = name[..^ext.Length];
        }
        return name;
    }
}
