using System.Text.RegularExpressions;
using Nitrolyte.Core;
using Npgsql;

namespace Nitrolyte.Screening;

/// <summary>Where a campaign lives in PostgreSQL: a connection (from a <c>postgresql://user:password@host:port/database?...</c>
/// URL, as libpq and the issue's <c>--store</c> option write it) and the schema holding the campaign's tables.
/// Query parameters understood: <c>schema</c> (default <c>nitrolyte_</c> + the campaign name), <c>sslmode</c>,
/// <c>connect_timeout</c> (seconds, default 10), <c>application_name</c>, <c>password</c>, <c>user</c>.
/// A password may also come from PGPASSWORD or ~/.pgpass (Npgsql reads them).</summary>
public sealed record PostgresLocation(string ConnectionString, string Schema, string Host, int Port, string Database, string Display)
{
    public static PostgresLocation Parse(string url, string campaignName)
    {
        var redacted = CampaignStores.Redact(url);
        var m = Regex.Match(url, @"^(?i:postgres(?:ql)?)://(?:(?<user>[^:@/]*)(?::(?<pw>[^@]*))?@)?(?<host>\[[^\]]+\]|[^:/?]*)(?::(?<port>\d+))?(?:/(?<db>[^?]*))?(?:\?(?<q>.*))?$");
        if (!m.Success)
            throw new NitrolyteInputException($"{redacted}: not a PostgreSQL URL; write postgresql://user@host:5432/database");
        var b = new NpgsqlConnectionStringBuilder
        {
            Host = m.Groups["host"].Value is { Length: > 0 } h ? Uri.UnescapeDataString(h.Trim('[', ']')) : "localhost",
            Port = m.Groups["port"].Success ? int.Parse(m.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture) : 5432,
            Database = m.Groups["db"].Value is { Length: > 0 } d ? Uri.UnescapeDataString(d) : null,
            Username = m.Groups["user"].Value is { Length: > 0 } u ? Uri.UnescapeDataString(u) : Environment.GetEnvironmentVariable("PGUSER") ?? Environment.UserName,
            Timeout = 10,
            CommandTimeout = 120,
            ApplicationName = "nitrolyte-screen",
            // Connections are opened per operation by many workers; keep each process's pool small.
            MaxPoolSize = 20,
        };
        if (m.Groups["pw"].Success) b.Password = Uri.UnescapeDataString(m.Groups["pw"].Value);
        string schema = DefaultSchema(campaignName);
        if (m.Groups["q"].Success && m.Groups["q"].Value.Length > 0)
        {
            foreach (var part in m.Groups["q"].Value.Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var kv = part.Split('=', 2);
                var key = Uri.UnescapeDataString(kv[0]).ToLowerInvariant();
                var value = kv.Length > 1 ? Uri.UnescapeDataString(kv[1]) : "";
                switch (key)
                {
                    case "schema": schema = value; break;
                    case "sslmode":
                        if (!Enum.TryParse<SslMode>(value.Replace("-", ""), ignoreCase: true, out var mode))
                            throw new NitrolyteInputException($"{redacted}: sslmode '{value}' is not one of disable, allow, prefer, require, verify-ca, verify-full");
                        b.SslMode = mode; break;
                    case "connect_timeout": b.Timeout = PositiveInt(value, key, redacted); break;
                    case "application_name": b.ApplicationName = value; break;
                    case "password": b.Password = value; break;
                    case "user": b.Username = value; break;
                    default:
                        throw new NitrolyteInputException($"{redacted}: unknown parameter '{key}' (known: schema, sslmode, connect_timeout, application_name, user, password)");
                }
            }
        }
        if (string.IsNullOrEmpty(b.Database)) b.Database = b.Username;
        if (!Regex.IsMatch(schema, "^[a-z_][a-z0-9_]{0,62}$"))
            throw new NitrolyteInputException($"{redacted}: schema '{schema}' must be lower-case letters, digits and _ (at most 63), starting with a letter or _");
        return new PostgresLocation(b.ConnectionString, schema, b.Host!, b.Port, b.Database!, redacted);
    }

    /// <summary><c>nitrolyte_</c> + the campaign name in lower case with anything but letters and digits as _.</summary>
    public static string DefaultSchema(string campaignName)
    {
        var s = Regex.Replace(campaignName.ToLowerInvariant(), "[^a-z0-9_]", "_");
        s = "nitrolyte_" + (s.Length == 0 ? "campaign" : s);
        return s.Length > 63 ? s[..63] : s;
    }

    private static int PositiveInt(string value, string key, string where) =>
        int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) && v > 0
            ? v : throw new NitrolyteInputException($"{where}: {key} '{value}' is not a positive whole number of seconds");
}
