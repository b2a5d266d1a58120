using System.Text.Json;

namespace Contrastive.Server;

/// <summary>
/// Typed access to the fields of a JSON request object: a missing optional field gives the default, a field of the
/// wrong type or out of range is an <see cref="InvalidRequestException"/> naming the field.
/// </summary>
internal static class JsonFields
{
    /// <summary>A non-empty string or a non-empty array of them (OpenAI's and TEI's <c>input(s)</c>), at most <paramref name="maxCount"/>.</summary>
    public static IReadOnlyList<string> Texts(JsonElement obj, string name, int maxCount)
    {
        if (!obj.TryGetProperty(name, out var value))
            throw new InvalidRequestException($"'{name}' is required: a string or an array of strings.", name);
        return TextsOf(value, name, maxCount);
    }

    static IReadOnlyList<string> TextsOf(JsonElement value, string name, int maxCount)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                var single = value.GetString()!;
                if (string.IsNullOrWhiteSpace(single)) throw new InvalidRequestException($"'{name}' is {Blank(single)}; give some text.", name);
                return [single];
            case JsonValueKind.Array:
                int count = value.GetArrayLength();
                if (count == 0) throw new InvalidRequestException($"'{name}' is an empty array; give at least one string.", name);
                if (count > maxCount)
                    throw new InvalidRequestException($"'{name}' has {count} items; this server accepts at most {maxCount} per request (--max-batch).", name);
                var texts = new string[count];
                int i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String)
                        throw new InvalidRequestException(
                            $"'{name}[{i}]' is {Describe(item.ValueKind, item)}; '{name}' must hold strings" +
                            (item.ValueKind is JsonValueKind.Number or JsonValueKind.Array ? " (token arrays are not supported)." : "."), name);
                    var text = item.GetString()!;
                    if (string.IsNullOrWhiteSpace(text)) throw new InvalidRequestException($"'{name}[{i}]' is {Blank(text)}; give some text.", name);
                    texts[i++] = text;
                }
                return texts;
            default:
                throw new InvalidRequestException($"'{name}' must be a string or an array of strings, not {Describe(value.ValueKind)}.", name);
        }
    }

    static string Blank(string text) => text.Length == 0 ? "an empty string" : "only white space";

    public static string? OptionalString(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.String)
            throw new InvalidRequestException($"'{name}' must be a string, not {Describe(value.ValueKind)}.", name);
        return value.GetString();
    }

    public static bool OptionalBool(JsonElement obj, string name, bool defaultValue)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return defaultValue;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new InvalidRequestException($"'{name}' must be true or false, not {Describe(value.ValueKind)}.", name),
        };
    }

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>], or null when absent.</summary>
    public static int? OptionalInt(JsonElement obj, string name, int min, int max)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int n))
            throw new InvalidRequestException($"'{name}' must be an integer, not {Describe(value.ValueKind, value)}.", name);
        if (n < min || n > max)
            throw new InvalidRequestException($"'{name}' must be between {min} and {max}, not {n}.", name);
        return n;
    }

    /// <summary>A finite number, or null when absent.</summary>
    public static double? OptionalDouble(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out double x) || !double.IsFinite(x))
            throw new InvalidRequestException($"'{name}' must be a number, not {Describe(value.ValueKind, value)}.", name);
        return x;
    }

    /// <summary>An object-valued field, required.</summary>
    public static JsonElement Object(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var value))
            throw new InvalidRequestException($"'{name}' is required.", name);
        if (value.ValueKind != JsonValueKind.Object)
            throw new InvalidRequestException($"'{name}' must be an object, not {Describe(value.ValueKind)}.", name);
        return value;
    }

    public static string Describe(JsonValueKind kind, JsonElement? value = null) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => value is { } v ? $"the number {v.GetRawText()}" : "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
