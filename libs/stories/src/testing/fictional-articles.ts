// Fictional articles written for the unit tests: two unrelated events, several independent reports of each,
// so tests can check copies, independent rewrites and story boundaries without third-party text.

export const HARBOUR_STORM = [
  'The harbour authority of Port Alder said on Tuesday that the northern breakwater had failed during the storm, flooding the fish market and forcing the evacuation of forty families from the quay.',
  'Engineers from the regional water board arrived before dawn and began pumping seawater out of the market hall, which the town council had renovated only two years ago at a cost of three million.',
  'Mayor Ilse Brandt told reporters that the council would ask the national government for emergency funds and that the market would stay closed at least until the end of the month.',
  'Fishermen who moor their boats inside the breakwater were told to move them to the neighbouring harbour of Wendel Bay, where the coastguard has set up a temporary berth for forty vessels.',
  'The storm, the strongest to hit the coast in a decade, also brought down power lines across the peninsula, leaving about twelve thousand homes without electricity for most of the night.',
  'Residents of the old quarter spent the morning clearing mud and broken crates from the streets while volunteers from the rowing club handed out blankets and hot soup outside the church.',
];

/** An independent report of the same event: same facts and names, different wording throughout. */
export const HARBOUR_STORM_REWRITE = [
  "Port Alder's fish market was under water on Tuesday after a storm broke through the northern breakwater, and some forty households living on the quay had to leave their homes.",
  'Mayor Ilse Brandt said she would seek emergency money from the national government; the market, refurbished two years ago, will remain shut for weeks.',
  'Crews from the regional water board worked through the night with pumps, and the coastguard opened temporary moorings at Wendel Bay for the fishing fleet.',
  'Across the peninsula thousands of households lost power when the storm toppled electricity lines.',
];

export const MUSEUM_THEFT = [
  'Thieves broke into the Halvorsen Museum of Clocks in Brenmoor overnight and escaped with seven antique pocket watches, police said on Friday.',
  'Inspector Tomas Wyke said the burglars cut through a skylight above the east gallery and disabled two motion sensors before forcing open a display cabinet.',
  'The museum director, Agnes Roelofs, said the stolen watches included a gold repeater made in Geneva in 1790 that had been lent by a private collector.',
  'Police have asked anyone who saw a grey van near the museum between midnight and four in the morning to come forward, and have alerted auction houses and antique dealers.',
];

export const MUSEUM_THEFT_REWRITE = [
  'Seven antique pocket watches were stolen from the Halvorsen Museum of Clocks in Brenmoor in an overnight burglary, according to police.',
  'Inspector Tomas Wyke said the thieves entered through a skylight in the east gallery. Director Agnes Roelofs said a gold Geneva repeater from 1790, on loan from a collector, was among the items taken.',
  'Investigators are looking for a grey van seen near the building and have warned auction houses.',
];
