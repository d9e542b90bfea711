"""Reading documents and cutting them into sentences: the data classes every stage shares."""
