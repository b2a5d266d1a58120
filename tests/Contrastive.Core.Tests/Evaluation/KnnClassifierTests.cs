using Contrastive.Core.Evaluation;
using static TorchSharp.torch;

namespace Contrastive.Core.Tests.Evaluation;

public class KnnClassifierTests
{
    [Fact]
    public void Predict_HandMadeCase_WeightsVotesBySimilarity()
    {
        // Bank: two class-0 points near the x axis, one class-1 point exactly on the query direction.
        var bank = tensor(new float[] { 1, 0.2f, 1, -0.2f, 0, 1 }).view(3, 2);
        var labels = tensor(new long[] { 0, 0, 1 });
        var query = tensor(new float[] { 0.1f, 1 }).view(1, 2);
        // k = 3: class 1 gets exp(cos(q, e_y)/T) ≈ exp(9.95), class 0 gets e^{(0.29)/T} + e^{(-0.1)/T}: class 1 wins.
        Assert.Equal(1, new KnnClassifier(bank, labels, 2, k: 3, temperature: 0.1).Predict(query).item<long>());
        // k = 1 on a query near the x axis: class 0.
        var near = tensor(new float[] { 1, 0.1f }).view(1, 2);
        Assert.Equal(0, new KnnClassifier(bank, labels, 2, k: 1).Predict(near).item<long>());
    }

    [Fact]
    public void Predict_LargeTemperatureMajorityBeatsNearest()
    {
        // One class-1 neighbour closest, two class-0 neighbours slightly farther: with T large the weights are about
        // equal and the majority (class 0) wins; with T small the nearest (class 1) wins.
        var bank = tensor(new float[] { 1, 0, 1, 0.3f, 1, -0.3f }).view(3, 2);
        var labels = tensor(new long[] { 1, 0, 0 });
        var query = tensor(new float[] { 1, 0 }).view(1, 2);
        Assert.Equal(0, new KnnClassifier(bank, labels, 2, k: 3, temperature: 100).Predict(query).item<long>());
        Assert.Equal(1, new KnnClassifier(bank, labels, 2, k: 3, temperature: 0.01).Predict(query).item<long>());
    }

    [Fact]
    public void Accuracy_SeparatedClusters_IsOne()
    {
        using var g = new Generator(1);
        var centers = tensor(new float[] { 5, 0, 0, 0, 5, 0, 0, 0, 5 }).view(3, 3);
        var labels = randint(3, [300], generator: g);
        var x = centers.index_select(0, labels) + 0.3f * randn([300, 3], generator: g);
        var knn = new KnnClassifier(x.narrow(0, 0, 200), labels.narrow(0, 0, 200), 3, k: 20);
        Assert.Equal(1.0, knn.Accuracy(x.narrow(0, 200, 100), labels.narrow(0, 200, 100)), 6);
    }

    [Fact]
    public void Constructor_LabelOutOfRange_ThrowsNamingRange()
    {
        var e = Assert.Throws<ArgumentException>(() => new KnnClassifier(ones(2, 2), tensor(new long[] { 0, 5 }), 3));
        Assert.Contains("[0, 3)", e.Message);
    }
}
