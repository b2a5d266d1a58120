using Contrastive.Sequences.Evaluation;

namespace Contrastive.Sequences.Tests.Evaluation;

public class LeaveOneOutSplitTests
{
    [Fact]
    public void Split_LastIsTestSecondToLastIsValidationRestIsTraining()
    {
        var split = new LeaveOneOutSplit([[1, 2, 3, 4, 5], [7, 8], [9, 10, 11]]);
        Assert.Equal([1, 2, 3], split.Train[0]);
        Assert.Equal([7, 8], split.Train[1]);                 // too short to evaluate: all for training
        Assert.Equal([9], split.Train[2]);
        Assert.Equal(2, split.Validation.Count);
        Assert.Equal((0, 4), (split.Validation[0].User, split.Validation[0].Target));
        Assert.Equal([1, 2, 3], split.Validation[0].History);
        Assert.Equal((0, 5), (split.Test[0].User, split.Test[0].Target));
        Assert.Equal([1, 2, 3, 4], split.Test[0].History);
        Assert.Equal((2, 10, 11), (split.Test[1].User, split.Validation[1].Target, split.Test[1].Target));
        Assert.Equal([9, 10], split.Test[1].History);
    }
}
