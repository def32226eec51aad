# Preschools and schools to choose between (units): the list with filters, the comparison and the page of each unit.

units-title = Preschools and schools
units-lead = The municipal and independent preschools and schools in the municipality. Filter the list and choose two to four to compare side by side.
units-filter-heading = Filter the list
units-filter-kind = Type of unit
units-filter-provider = Provider
units-filter-year = School year
units-filter-year-hint = Schools only
units-filter-organisation = Municipality
units-filter-name = Name
units-filter-name-hint = The whole name or part of it
units-filter-all = All
units-filter-submit = Show units
units-year-f = Preschool class
units-year = Year { $year }
units-kind-forskola = Preschool
units-kind-skola = School
units-provider-kommunal = Municipal
units-provider-fristaende = Independent
units-count = { $count ->
    [one] 1 unit
   *[other] { $count } units
}
units-none = No units match the filter. Change the filter or show all units.
units-show-all = Show all preschools and schools
units-choose-legend = Choose units to compare
units-choose-hint = Choose two to four units.
units-compare-checkbox = Compare
units-compare-submit = Compare the chosen units
units-unknown = { $count ->
    [one] One of the units you chose does not exist. It is left out.
   *[other] { $count } of the units you chose do not exist. They are left out.
}
units-problem-choose = Choose one of the options in the list
units-problem-name-too-long = The name must be 100 characters or fewer
units-problem-too-few = Choose at least two units to compare
units-problem-too-many = Choose no more than four units to compare
units-compare-title = Compare units
units-compare-caption = { $count ->
    [one] 1 unit side by side
   *[other] { $count } units side by side
}
units-compare-unit = Unit
units-change-choice = Change which units you compare
units-attr-kind = Type
units-attr-provider = Provider
units-attr-address = Address
units-attr-ages-years = Ages or school years
units-attr-opening-hours = Opening hours
units-attr-profile = Profile
units-attr-places = Number of places
units-attr-phone = Phone
units-attr-email = Email
units-attr-website = Website
units-attr-organisation = Municipality
units-not-applicable = Not applicable
units-not-given = None
units-ages-range = Ages { $from }–{ $to }
units-years-from-f = Preschool class to year { $to }
units-years-range = Years { $from }–{ $to }
units-contact-heading = Contact
units-about-heading = About the unit
units-others-forskola = See and compare more preschools
units-others-skola = See and compare more schools
units-home-heading = Preschools and schools
units-home-link = See and compare preschools and schools
units-home-text = Municipal and independent preschools and schools, with their profile, ages or school years and number of places.
units-service-link-forskola = See and compare the preschools
units-service-link-skola = See and compare the schools
