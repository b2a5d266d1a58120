using System.Text.Json;

namespace Contrastive.Server.Tests;

public sealed class JsonFieldsTests
{
    static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement;

    [Fact]
    public void Texts_StringOrArray_ReturnsTheTexts()
    {
        Assert.Equal(["a b"], JsonFields.Texts(Parse("""{"input": "a b"}"""), "input", 4));
        Assert.Equal(["a", "b"], JsonFields.Texts(Parse("""{"input": ["a", "b"]}"""), "input", 4));
    }

    [Theory]
    [InlineData("""{}""", "required")]
    [InlineData("""{"input": []}""", "empty array")]
    [InlineData("""{"input": ""}""", "empty string")]
    [InlineData("""{"input": ["a", ""]}""", "'input[1]' is an empty string")]
    [InlineData("""{"input": ["a", 2]}""", "'input[1]' is the number 2")]
    [InlineData("""{"input": {"x": 1}}""", "not an object")]
    [InlineData("""{"input": ["a", "b", "c"]}""", "at most 2")]
    public void Texts_Invalid_ThrowsNamingTheField(string json, string message)
    {
        var error = Assert.Throws<InvalidRequestException>(() => JsonFields.Texts(Parse(json), "input", 2));

        Assert.Contains(message, error.Message);
        Assert.Equal("input", error.Param);
        Assert.Equal(400, error.StatusCode);
    }

    [Fact]
    public void OptionalInt_AbsentNullOrInRange_ReturnsValue()
    {
        Assert.Null(JsonFields.OptionalInt(Parse("{}"), "k", 1, 5));
        Assert.Null(JsonFields.OptionalInt(Parse("""{"k": null}"""), "k", 1, 5));
        Assert.Equal(5, JsonFields.OptionalInt(Parse("""{"k": 5}"""), "k", 1, 5));
    }

    [Theory]
    [InlineData("""{"k": 6}""")]
    [InlineData("""{"k": 1.5}""")]
    [InlineData("""{"k": "3"}""")]
    [InlineData("""{"k": 1e40}""")]
    public void OptionalInt_WrongTypeOrOutOfRange_Throws(string json) =>
        Assert.Throws<InvalidRequestException>(() => JsonFields.OptionalInt(Parse(json), "k", 1, 5));

    [Fact]
    public void OptionalBoolDoubleString_WrongType_Throw()
    {
        Assert.True(JsonFields.OptionalBool(Parse("{}"), "b", true));
        Assert.False(JsonFields.OptionalBool(Parse("""{"b": false}"""), "b", true));
        Assert.Throws<InvalidRequestException>(() => JsonFields.OptionalBool(Parse("""{"b": 1}"""), "b", true));
        Assert.Equal(0.25, JsonFields.OptionalDouble(Parse("""{"t": 0.25}"""), "t"));
        Assert.Throws<InvalidRequestException>(() => JsonFields.OptionalDouble(Parse("""{"t": "0.5"}"""), "t"));
        Assert.Equal("m", JsonFields.OptionalString(Parse("""{"s": "m"}"""), "s"));
        Assert.Throws<InvalidRequestException>(() => JsonFields.OptionalString(Parse("""{"s": ["m"]}"""), "s"));
    }
}
