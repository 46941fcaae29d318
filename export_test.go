package errcat

// TrailerSize exports trailerSize to the tests of package errcat_test: the
// size of the trailer block the budget limits.
var TrailerSize = trailerSize
