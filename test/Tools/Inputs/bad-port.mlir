snn.network @bad dt 1.0 {
  snn.population @a 2 model @lif
  snn.projection @p @a -> @a connect #snn.dense port "ge"
}
