using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Nitrolyte.Reports;

/// <summary>
/// The project's one JSON convention: snake_case keys, NaN/Infinity written as null (JSON has no NaN),
/// enums as snake_case strings. Used by every --json output and by report.json.
/// </summary>
public static class Json
{
    public static readonly JsonSerializerOptions Options = Create(indented: true);
    public static readonly JsonSerializerOptions Compact = Create(indented: false);

    private static JsonSerializerOptions Create(bool indented)
    {
        var o = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = null,
            WriteIndented = indented,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
        o.Converters.Add(new NonFiniteAsNullConverter());
        o.Converters.Add(new NullableNonFiniteAsNullConverter());
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        return o;
    }

    /// <summary>A JsonNode is written directly (the same bytes as through the serializer, which only calls its WriteTo),
    /// so that a command printing a JsonObject does not pay for the reflection-based serializer's start-up.</summary>
    public static string Serialize(object? value, bool indented = true) => value is JsonNode node
        ? node.ToJsonString(indented ? Options : Compact)
        : JsonSerializer.Serialize(value, value?.GetType() ?? typeof(object), indented ? Options : Compact);

    public static JsonNode? ToNode(object? value) => JsonSerializer.SerializeToNode(value, value?.GetType() ?? typeof(object), Options);

    /// <summary>A double that becomes null in JSON when it is NaN or infinite.</summary>
    public static JsonNode? Number(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;

    /// <summary>A missing (null) or non-finite double becomes JSON null.</summary>
    public static JsonNode? Number(double? v) => v is { } x ? Number(x) : null;

    public static JsonArray Array(IEnumerable<double> values) => new(values.Select(Number).ToArray());

    private sealed class NonFiniteAsNullConverter : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value)) writer.WriteNumberValue(value); else writer.WriteNullValue();
        }
    }

    private sealed class NullableNonFiniteAsNullConverter : JsonConverter<double?>
    {
        public override double? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? null : reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double? value, JsonSerializerOptions options)
        {
            if (value is { } v && double.IsFinite(v)) writer.WriteNumberValue(v); else writer.WriteNullValue();
        }
    }
}
