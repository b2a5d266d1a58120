using System.Text.Json;
using System.Text.Json.Nodes;

namespace Contrastive.Core.Serialization;

/// <summary>
/// <see cref="JsonNode.Parse(string, JsonNodeOptions?, JsonDocumentOptions)"/> with every object's keys checked at once:
/// JsonNode defers building an object's dictionary to its first access, where a key written twice throws an
/// <see cref="ArgumentException"/> far from the reader (found by the fuzz suite on a pooling config.json). Here it is a
/// <see cref="JsonException"/> naming the key, as any other malformed JSON.
/// </summary>
public static class StrictJson
{
    public static JsonNode? Parse(string json)
    {
        var node = JsonNode.Parse(json);
        try
        {
            Visit(node);
        }
        catch (ArgumentException e)
        {
            throw new JsonException($"a key appears twice in an object ({e.Message})", e);
        }
        return node;
    }

    static void Visit(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var property in o) Visit(property.Value);
                break;
            case JsonArray a:
                foreach (var item in a) Visit(item);
                break;
        }
    }
}
