using Contrastive.Core;
using Contrastive.Text.Models.Hub;

namespace Contrastive.Text.Tests.Models.Hub;

public class HubOptionsTests
{
    static HubOptions From(params (string Name, string Value)[] env) =>
        HubOptions.FromEnvironment(name => env.FirstOrDefault(e => e.Name == name).Value);

    [Fact]
    public void FromEnvironment_Nothing_GivesHuggingFacesDefaults()
    {
        var options = From();
        Assert.Equal("https://huggingface.co", options.Endpoint);
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        Assert.Equal(Path.Combine(home, ".cache", "huggingface", "hub"), options.CacheDir);
        Assert.Null(options.Token);
        Assert.False(options.Offline);
    }

    [Fact]
    public void FromEnvironment_HfVariables_AreHonoured()
    {
        var options = From(("HF_HOME", "/data/hf"), ("HF_ENDPOINT", "http://mirror:8080/"), ("HF_TOKEN", "hf_x"), ("HF_HUB_OFFLINE", "1"));
        Assert.Equal(("http://mirror:8080", "/data/hf/hub", "hf_x", true), (options.Endpoint, options.CacheDir, options.Token, options.Offline));
        Assert.Equal("/cache/hub", From(("HF_HOME", "/data/hf"), ("HF_HUB_CACHE", "/cache/hub")).CacheDir);
        Assert.True(From(("HF_HUB_OFFLINE", "true")).Offline);
        Assert.False(From(("HF_HUB_OFFLINE", "0")).Offline);
    }

    [Fact]
    public void FromEnvironment_NoHfToken_ReadsTheLoginTokenFile()
    {
        using var home = new TempDir();
        Assert.Null(From(("HF_HOME", home.Path)).Token);
        File.WriteAllText(home.File("token"), "hf_stored\n");
        Assert.Equal("hf_stored", From(("HF_HOME", home.Path)).Token);
        Assert.Equal("hf_env", From(("HF_HOME", home.Path), ("HF_TOKEN", "hf_env")).Token);
        File.WriteAllText(home.File("other"), "hf_other");
        Assert.Equal("hf_other", From(("HF_HOME", home.Path), ("HF_TOKEN_PATH", home.File("other"))).Token);
    }

    [Theory]
    [InlineData("ftp://host")]
    [InlineData("huggingface.co")]
    public void Validate_BadEndpoint_ThrowsNamingIt(string endpoint)
    {
        var e = Assert.Throws<ContrastiveException>(() => new HubOptions { Endpoint = endpoint }.Validate());
        Assert.Contains($"'{endpoint}'", e.Message);
    }

    [Fact]
    public void Validate_BadLimits_Throw()
    {
        Assert.Throws<ContrastiveException>(() => new HubOptions { MaxAttempts = 0 }.Validate());
        Assert.Throws<ContrastiveException>(() => new HubOptions { Timeout = TimeSpan.Zero }.Validate());
        Assert.Throws<ContrastiveException>(() => new HubOptions { Token = "a b" }.Validate());
    }
}
